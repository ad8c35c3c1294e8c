import LakeDuckDB
import LakeProject

/// dbt's model contracts (`contract: {enforced: true}`): before a model is built, its query's
/// columns must be the YAML's — the same names, each of its declared `data_type` (as DuckDB
/// spells the type) — or the model fails with dbt's table of mismatches. A table is then created
/// with the declared types, in the contract's order, with the columns' and the model's
/// constraints as dbt-duckdb writes them (not_null, unique, primary_key, check, foreign_key,
/// custom; DuckDB enforces each), and filled; a view is checked and created as it is (dbt applies
/// no constraints to views).
struct ModelContract {
    let node: GraphNode
    /// Declared name and DuckDB's spelling of its type, in the YAML's order.
    let columns: [(name: String, type: String, constraints: [Constraint])]
    /// How a foreign key's `to:` (`ref('customers')`) names its relation.
    let relationOf: (String) throws -> String

    init?(_ node: GraphNode, on connection: Connection, relationOf: @escaping (String) throws -> String) throws {
        guard node.config.contractEnforced else { return nil }
        self.node = node
        self.relationOf = relationOf
        let missing = node.columns.filter { $0.dataType == nil }.map(\.name)
        guard !node.columns.isEmpty, missing.isEmpty else {
            throw LakeError("\(node.path): \(node.name) enforces a contract, so every column needs a `data_type:` in its YAML"
                + (missing.isEmpty ? " (it declares none)" : " (missing for \(missing.joined(separator: ", ")))"))
        }
        let probe = node.columns.enumerated().map { "CAST(NULL AS \($1.dataType!)) AS c\($0)" }.joined(separator: ", ")
        let types = try WarehouseCatalog.columns(ofQuery: "SELECT \(probe)", on: connection).map(\.type)
        columns = zip(node.columns, types).map { ($0.name, $1, $0.constraints) }
    }

    /// Fails the model with dbt's table of mismatches unless `sql`'s columns are the contract's.
    func check(_ sql: String, on connection: Connection) throws {
        let actual = try WarehouseCatalog.columns(ofQuery: sql, on: connection)
        // dbt's table of mismatches: column, the query's type, the contract's type, why; by column name.
        var mismatches: [(String, String, String, String)] = []
        for column in columns {
            if let found = actual.first(where: { $0.name.lowercased() == column.name.lowercased() }) {
                if found.type != column.type { mismatches.append((column.name, found.type, column.type, "data type mismatch")) }
            } else {
                mismatches.append((column.name, "", column.type, "missing in definition"))
            }
        }
        for found in actual where !columns.contains(where: { $0.name.lowercased() == found.name.lowercased() }) {
            mismatches.append((found.name, found.type, "", "missing in contract"))
        }
        guard mismatches.isEmpty else {
            let rows = [("column_name", "definition_type", "contract_type", "mismatch_reason")] + mismatches.sorted { $0.0 < $1.0 }
            let widths = [rows.map(\.0.count).max()!, rows.map(\.1.count).max()!, rows.map(\.2.count).max()!, rows.map(\.3.count).max()!]
            func line(_ cells: [String]) -> String {
                "| " + zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
            }
            let table = [line([rows[0].0, rows[0].1, rows[0].2, rows[0].3]), line(widths.map { String(repeating: "-", count: $0) })]
                + rows.dropFirst().map { line([$0.0, $0.1, $0.2, $0.3]) }
            throw LakeError("\(node.path): this model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of "
                + "columns in your contract match the columns in your model's definition.\n\n" + table.joined(separator: "\n"))
        }
    }

    func build(_ relation: Relation, as sql: String, on connection: Connection) throws -> Int {
        try check(sql, on: connection)
        let definitions = try columns.map { column in
            ([Relation.quote(column.name), column.type] + (try column.constraints.compactMap(columnClause))).joined(separator: " ")
        } + (try node.constraints.compactMap(modelClause))
        let list = columns.map { Relation.quote($0.name) }.joined(separator: ", ")
        if try WarehouseCatalog.kind(of: relation, on: connection) == .view { try WarehouseCatalog.drop(relation, kind: .view, on: connection) }
        try connection.execute("CREATE OR REPLACE TABLE \(relation) (\(definitions.joined(separator: ", ")))")
        return WarehouseCatalog.count(try connection.query("INSERT INTO \(relation) (\(list)) SELECT \(list) FROM (\n\(sql)\n)"))
    }

    /// dbt's render_column_constraint: a column's constraint in its definition.
    private func columnClause(_ constraint: Constraint) throws -> String? {
        switch constraint.type {
        case "not_null": return "NOT NULL"
        case "unique": return "UNIQUE"
        case "primary_key": return "PRIMARY KEY"
        case "check": return constraint.expression.map { "CHECK (\($0))" }
        case "foreign_key": return try references(constraint)
        default: return constraint.expression
        }
    }

    /// dbt's render_model_constraint: a constraint over the model's columns, after them.
    private func modelClause(_ constraint: Constraint) throws -> String? {
        let prefix = constraint.name.map { "CONSTRAINT \(Relation.quote($0)) " } ?? ""
        let columns = constraint.columns.map(Relation.quote).joined(separator: ", ")
        switch constraint.type {
        case "check": return constraint.expression.map { prefix + "CHECK (\($0))" }
        case "unique": return prefix + "UNIQUE (\(columns))"
        case "primary_key": return prefix + "PRIMARY KEY (\(columns))"
        case "foreign_key": return try references(constraint).map { prefix + "FOREIGN KEY (\(columns)) " + $0 }
        case "not_null": throw LakeError("\(node.path): a not_null constraint belongs to a column, not to the model")
        default: return constraint.expression.map { prefix + $0 }
        }
    }

    private func references(_ constraint: Constraint) throws -> String? {
        if let to = constraint.to {
            return "REFERENCES \(try relationOf(to)) (\(constraint.toColumns.map(Relation.quote).joined(separator: ", ")))"
        }
        return constraint.expression.map { "REFERENCES \($0)" }
    }
}
