import CDuckDB

/// The kind of a parsed statement (DuckDB's `duckdb_statement_type`), for callers that allow only
/// some kinds, e.g. a read-only query command that takes SELECT and EXPLAIN but not COPY.
public enum StatementKind: String, Sendable {
    case select = "SELECT", insert = "INSERT", update = "UPDATE", explain = "EXPLAIN", delete = "DELETE"
    case prepare = "PREPARE", create = "CREATE", execute = "EXECUTE", alter = "ALTER", transaction = "TRANSACTION"
    case copy = "COPY", analyze = "ANALYZE", variableSet = "SET VARIABLE", createFunction = "CREATE FUNCTION", drop = "DROP"
    case export = "EXPORT", pragma = "PRAGMA", vacuum = "VACUUM", call = "CALL", set = "SET", load = "LOAD"
    case relation = "RELATION", `extension` = "EXTENSION", logicalPlan = "LOGICAL PLAN", attach = "ATTACH", detach = "DETACH"
    case multiple = "MULTIPLE", invalid = "INVALID"

    init(_ type: duckdb_statement_type) {
        let kinds: [StatementKind] = [.invalid, .select, .insert, .update, .explain, .delete, .prepare, .create, .execute, .alter,
                                      .transaction, .copy, .analyze, .variableSet, .createFunction, .drop, .export, .pragma, .vacuum,
                                      .call, .set, .load, .relation, .extension, .logicalPlan, .attach, .detach, .multiple]
        let index = Int(type.rawValue)
        self = kinds.indices.contains(index) ? kinds[index] : .invalid
    }
}
