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
}
