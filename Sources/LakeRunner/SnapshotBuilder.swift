import Foundation
import LakeDuckDB
import LakeProject

/// dbt's snapshots: a table keeping every version of each row its query selects, one transaction a
/// run. Each version carries dbt's columns — `dbt_scd_id` (MD5 of the key and the version's time),
/// `dbt_updated_at`, `dbt_valid_from` and `dbt_valid_to` (null, or `dbt_valid_to_current`, while
/// current) — named as `snapshot_meta_column_names` says.
///
/// - strategy `timestamp`: a row changed when its `updated_at` is later than the current version's
///   `dbt_valid_from`; versions are timed by `updated_at`.
/// - strategy `check`: a row changed when any of `check_cols` (or `all` of them) differs, nulls
///   compared as values; versions are timed by the run's snapshot time.
/// - `hard_deletes: invalidate` (or the older `invalidate_hard_deletes: true`) closes the current
///   version of a key the query no longer returns; `ignore` (the default) keeps it current.
struct SnapshotBuilder {
    let node: GraphNode
    let relation: Relation
    /// The snapshot's query, linked.
    let query: String

    private var config: NodeConfig { node.config }

    private func setting(_ key: String) throws -> String {
        guard let value = config[key]?.stringValue, !value.isEmpty else {
            throw RunError("\(node.path): snapshot \(node.name) needs `\(key)` in its config")
        }
        return value
    }

    /// dbt's names for its columns, or the project's (`snapshot_meta_column_names`).
    private func column(_ name: String) -> String {
        if case .object(let names)? = config["snapshot_meta_column_names"], let given = names.first(where: { $0.0 == name })?.1.stringValue {
            return given
        }
        return name
    }

    /// The key's parts, as SQL over the query's (or the table's) columns: dbt allows a column, an
    /// expression or a list.
    private func keys() throws -> [String] {
        if let list = config["unique_key"]?.arrayValue { return list.compactMap(\.stringValue) }
        return [try setting("unique_key")]
    }

    func build(on connection: Connection) throws -> (rows: Int?, sql: String) {
        let strategy = try setting("strategy")
        guard ["timestamp", "check"].contains(strategy) else {
            throw RunError("\(node.path): snapshot \(node.name) has strategy '\(strategy)'; dbt's are timestamp and check")
        }
        let hardDeletes = config["hard_deletes"]?.stringValue ?? (config["invalidate_hard_deletes"]?.boolValue == true ? "invalidate" : "ignore")
        guard ["ignore", "invalidate"].contains(hardDeletes) else {
            throw RunError("\(node.path): snapshot \(node.name): lake supports hard_deletes ignore and invalidate, not '\(hardDeletes)'")
        }
        let keys = try keys()
        // One moment for the whole run's versions, as dbt's snapshot_get_time() (now()::timestamp).
        let now = try connection.query("SELECT CAST(now() AS TIMESTAMP)::VARCHAR").scalar(String.self) ?? ""
        let snapshotTime = "CAST(\(Relation.literal(now)) AS TIMESTAMP)"
        let updated = strategy == "timestamp" ? "(\(try setting("updated_at")))" : snapshotTime
        let keyParts = keys.map { "coalesce(CAST((\($0)) AS VARCHAR), '')" }
        let scdId = "md5(" + (keyParts + ["coalesce(CAST(\(updated) AS VARCHAR), '')"]).joined(separator: " || '|' || ") + ")"
        let current = config["dbt_valid_to_current"]?.stringValue
        let validTo = current.map { "coalesce(nullif(\(updated), \(updated)), \($0))" } ?? "nullif(\(updated), \(updated))"
        let meta = "\(scdId) AS \(quote(column("dbt_scd_id"))), \(updated) AS \(quote(column("dbt_updated_at"))), "
            + "\(updated) AS \(quote(column("dbt_valid_from"))), \(validTo) AS \(quote(column("dbt_valid_to")))"

        guard try WarehouseCatalog.kind(of: relation, on: connection) == .table else {
            let sql = "CREATE TABLE \(relation) AS\nSELECT *, \(meta)\nFROM (\n\(query)\n) AS snapshot_query"
            let rows = try connection.transaction { connection in
                try connection.execute(sql)
                return try connection.query("SELECT count(*) FROM \(relation)").scalar(Int.self) ?? 0
            }
            return (rows, sql)
        }

        let keyColumns = keys.enumerated().map { "(\($1)) AS __lake_key\($0)" }.joined(separator: ", ")
        let matches = keys.indices.map { "current_rows.__lake_key\($0) = source_rows.__lake_key\($0)" }.joined(separator: " AND ")
        let isCurrent = current.map { "\(quote(column("dbt_valid_to"))) = \($0)" } ?? "\(quote(column("dbt_valid_to"))) IS NULL"
        let changed: String
        if strategy == "timestamp" {
            changed = "current_rows.\(quote(column("dbt_valid_from"))) < source_rows.\(quote(column("dbt_updated_at")))"
        } else {
            let columns: [String]
            if config["check_cols"]?.stringValue == "all" || config["check_cols"] == nil {
                guard config["check_cols"] != nil else { throw RunError("\(node.path): snapshot \(node.name) uses strategy check and needs `check_cols`") }
                columns = try WarehouseCatalog.columns(ofQuery: query, on: connection).map(\.name)
            } else {
                columns = (config["check_cols"]?.arrayValue ?? []).compactMap(\.stringValue)
            }
            changed = "(" + columns.map { "current_rows.\(quote($0)) IS DISTINCT FROM source_rows.\(quote($0))" }.joined(separator: " OR ") + ")"
        }
        let staged = "__lake_snapshot_changes"
        let sql = """
            CREATE TEMP TABLE \(staged) AS
            SELECT source_rows.*, current_rows.\(quote(column("dbt_scd_id"))) AS __lake_replaces
            FROM (SELECT *, \(meta), \(keyColumns) FROM (\n\(query)\n) AS snapshot_query) AS source_rows
            LEFT JOIN (SELECT *, \(keyColumns) FROM \(relation) WHERE \(isCurrent)) AS current_rows ON \(matches)
            WHERE current_rows.__lake_key0 IS NULL OR \(changed);
            UPDATE \(relation) SET \(quote(column("dbt_valid_to"))) = changes.\(quote(column("dbt_valid_from")))
            FROM \(staged) AS changes WHERE \(relation).\(quote(column("dbt_scd_id"))) = changes.__lake_replaces;
            """ + (hardDeletes == "invalidate" ? """

            UPDATE \(relation) SET \(quote(column("dbt_valid_to"))) = \(snapshotTime)
            WHERE \(isCurrent) AND \(quote(column("dbt_scd_id"))) IN (
              SELECT current_rows.\(quote(column("dbt_scd_id"))) FROM (SELECT *, \(keyColumns) FROM \(relation) WHERE \(isCurrent)) AS current_rows
              WHERE NOT EXISTS (SELECT 1 FROM (SELECT \(keyColumns) FROM (\n\(query)\n) AS snapshot_query) AS source_rows WHERE \(matches)));
            """ : "") + """

            INSERT INTO \(relation) BY NAME
            SELECT * EXCLUDE (__lake_replaces, \(keys.indices.map { "__lake_key\($0)" }.joined(separator: ", "))) FROM \(staged);
            """
        let rows = try connection.transaction { connection in
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS temp.\(staged)") }
            try connection.execute(sql)
            return try connection.query("SELECT count(*) FROM temp.\(staged)").scalar(Int.self) ?? 0
        }
        return (rows, sql)
    }

    private func quote(_ name: String) -> String { Relation.quote(name) }
}
