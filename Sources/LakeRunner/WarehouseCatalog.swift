import LakeDuckDB
import LakeProject

/// What the warehouse holds, asked through information_schema, and the swap every build ends with.
public enum WarehouseCatalog {
    public enum RelationKind: String, Sendable { case table = "TABLE", view = "VIEW" }

    /// Builds `relation` anew from `sql`, replacing whatever it was (table or view); returns the
    /// rows written. Call it inside a transaction, so readers see the old relation or the new, never
    /// neither. Built in place (CREATE OR REPLACE), not under another name and renamed: a lake keeps
    /// a table's files in a folder named after the table, and a rename would leave them under the
    /// temporary name.
    @discardableResult
    public static func replace(_ relation: Relation, as sql: String, on connection: Connection) throws -> Int {
        if try kind(of: relation, on: connection) == .view { try drop(relation, kind: .view, on: connection) }
        return count(try connection.query("CREATE OR REPLACE TABLE \(relation) AS\n\(sql)"))
    }

    public static func kind(of relation: Relation, on connection: Connection) throws -> RelationKind? {
        let result = try connection.query("SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
                                          [.varchar(relation.schema), .varchar(relation.identifier)])
        guard let type = try result.scalar(String.self) else { return nil }
        return type == "VIEW" ? .view : .table
    }

    /// A table's columns in order; `relation` may be a temporary table (`temp.main.x`).
    static func columns(of relation: Relation, on connection: Connection) throws -> [(name: String, type: String)] {
        try columns(ofQuery: "SELECT * FROM \(relation)", on: connection)
    }

    /// A query's columns, from DESCRIBE, which binds the query without running it.
    static func columns(ofQuery sql: String, on connection: Connection) throws -> [(name: String, type: String)] {
        let result = try connection.query("SELECT column_name, column_type FROM (DESCRIBE (\n\(sql)\n))")
        return try (0..<result.rowCount).map { (try result.value(String.self, row: $0, column: 0) ?? "", try result.value(String.self, row: $0, column: 1) ?? "") }
    }

    /// Every table and view, as schema.name, for `is_incremental()` at compile time.
    static func relations(on connection: Connection) throws -> Set<String> {
        let result = try connection.query("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_catalog = current_database()")
        return Set(try result.columns[0].decode(String.self).compactMap { $0 })
    }

    static func drop(_ relation: Relation, kind: RelationKind, on connection: Connection) throws {
        try connection.execute("DROP \(kind.rawValue) IF EXISTS \(relation)")
    }

    /// The rows a CREATE TABLE AS, INSERT or COPY reported.
    static func count(_ result: QueryResult) -> Int {
        (try? result.scalar(Int.self)).flatMap { $0 } ?? result.rowsChanged
    }
}
