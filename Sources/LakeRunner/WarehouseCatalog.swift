import LakeDuckDB
import LakeProject

/// What the warehouse holds, asked through information_schema, and the swap every build ends with.
public enum WarehouseCatalog {
    public enum RelationKind: String, Sendable { case table = "TABLE", view = "VIEW" }

    /// The name a relation is built under before it is swapped in.
    public static func temporary(for relation: Relation) -> Relation {
        Relation(schema: relation.schema, identifier: relation.identifier + "__lake_tmp")
    }

    /// Drops whatever `relation` is now (table or view) and renames `temporary` into its place.
    /// Call it inside a transaction, so readers see the old relation or the new, never neither.
    public static func replace(_ relation: Relation, with temporary: Relation, on connection: Connection) throws {
        if let kind = try kind(of: relation, on: connection) { try drop(relation, kind: kind, on: connection) }
        try connection.execute("ALTER TABLE \(temporary) RENAME TO \(Relation.quote(relation.identifier))")
    }

    public static func kind(of relation: Relation, on connection: Connection) throws -> RelationKind? {
        let result = try connection.query("SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
                                          [.varchar(relation.schema), .varchar(relation.identifier)])
        guard let type = try result.scalar(String.self) else { return nil }
        return type == "VIEW" ? .view : .table
    }

    /// A table's columns in order; `relation` may be a temporary table (`temp.main.x`).
    static func columns(of relation: Relation, on connection: Connection) throws -> [(name: String, type: String)] {
        let result = try connection.query("SELECT column_name, column_type FROM (DESCRIBE \(relation))")
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
