import CDuckDB

/// What kind of failure DuckDB reported for a statement (`duckdb_result_error_type`), as GRDB
/// carries SQLite's result code: callers decide by kind (a transaction conflict is worth a retry, a
/// catalog error is a missing table) instead of by the words of the message.
public enum DuckDBErrorType: Int, Sendable {
    case invalid = 0, outOfRange, conversion, unknownType, decimal, mismatchType, divideByZero, objectSize, invalidType,
         serialization, transaction, notImplemented, expression, catalog, parser, planner, scheduler, executor, constraint,
         index, stat, connection, syntax, settings, binder, network, optimizer, nullPointer, io, interrupt, fatal, `internal`,
         invalidInput, outOfMemory, permission, parameterNotResolved, parameterNotAllowed, dependency, http,
         missingExtension, autoload, sequence

    /// The type of a failed result; nil for a kind this layer does not know (a newer DuckDB's).
    static func of(_ result: inout duckdb_result) -> DuckDBErrorType? {
        DuckDBErrorType(rawValue: Int(duckdb_result_error_type(&result).rawValue))
    }

    /// The type named at the start of a message, for the one failure the C API gives no type for:
    /// `duckdb_prepare` (DuckDB writes every error as "<Type> Error: …", its ExceptionTypeToString).
    static func named(in message: String) -> DuckDBErrorType? {
        guard let end = message.range(of: " Error: ") else { return nil }
        return namesByText[String(message[..<end.lowerBound])]
    }

    private static let namesByText: [String: DuckDBErrorType] = [
        "Invalid": .invalid, "Out of Range": .outOfRange, "Conversion": .conversion, "Object Size": .objectSize, "Unknown Type": .unknownType, "Decimal": .decimal,
        "Mismatch Type": .mismatchType, "Divide by Zero": .divideByZero, "Invalid type": .invalidType,
        "Serialization": .serialization, "TransactionContext": .transaction, "Not implemented": .notImplemented,
        "Expression": .expression, "Catalog": .catalog, "Parser": .parser, "Planner": .planner, "Scheduler": .scheduler,
        "Executor": .executor, "Constraint": .constraint, "Index": .index, "Stat": .stat, "Connection": .connection,
        "Syntax": .syntax, "Settings": .settings, "Binder": .binder, "Network": .network, "Optimizer": .optimizer,
        "NullPointer": .nullPointer, "IO": .io, "INTERRUPT": .interrupt, "FATAL": .fatal, "INTERNAL": .internal,
        "Invalid Input": .invalidInput, "Out of Memory": .outOfMemory, "Permission": .permission,
        "Parameter Not Resolved": .parameterNotResolved, "Parameter Not Allowed": .parameterNotAllowed,
        "Dependency": .dependency, "HTTP": .http, "Missing Extension": .missingExtension, "Extension Autoloading": .autoload,
        "Sequence": .sequence,
    ]
}
