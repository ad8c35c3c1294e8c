import Foundation
import LakeDuckDB
import LakeProject

/// dbt's snapshots: a table keeping every version of each row its query selects, one transaction a
/// run. Each version carries dbt's columns — `dbt_scd_id` (MD5 of the key and the version's time),
/// `dbt_updated_at`, `dbt_valid_from` and `dbt_valid_to` (null, or `dbt_valid_to_current`, while
/// current), and `dbt_is_deleted` with `hard_deletes: new_record` — named as
/// `snapshot_meta_column_names` says.
///
/// A run stages its changes as dbt's `snapshot_staging_table` does — insertions, updates closing a
/// current version, deletes, deletion records — then closes and inserts from the staging table
/// (dbt-duckdb's `snapshot_merge_sql`), so the versions, times and ids are dbt's:
/// - strategy `timestamp`: a row changed when its `updated_at` is later than the current version's
///   `dbt_valid_from`; versions are timed by `updated_at`.
/// - strategy `check`: a row changed when any of `check_cols` (or `all` of them) differs, nulls
///   compared as values, or when the query has a column the table has not; versions are timed by
///   `updated_at` when it is configured, else by the run's snapshot time.
/// - `hard_deletes: invalidate` (or the older `invalidate_hard_deletes: true`) closes the current
///   version of a key the query no longer returns; `new_record` also inserts a version marked
///   `dbt_is_deleted = 'True'`, closed when the key comes back; `ignore` (the default) keeps it current.
/// - a column the query gains is added to the table (earlier versions hold null); one it loses stays.
struct SnapshotBuilder {
    let node: GraphNode
    let relation: Relation
    /// The snapshot's query, linked.
    let query: String

    private var config: NodeConfig { node.config }

    private func setting(_ key: String) throws -> String {
        guard let value = config[key]?.stringValue, !value.isEmpty else {
            throw LakeError("\(node.path): snapshot \(node.name) needs `\(key)` in its config")
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
            throw LakeError("\(node.path): snapshot \(node.name) has strategy '\(strategy)'; dbt's are timestamp and check")
        }
        let hardDeletes = config["hard_deletes"]?.stringValue ?? (config["invalidate_hard_deletes"]?.boolValue == true ? "invalidate" : "ignore")
        guard ["ignore", "invalidate", "new_record"].contains(hardDeletes) else {
            throw LakeError("\(node.path): snapshot \(node.name) has hard_deletes '\(hardDeletes)'; dbt's are ignore, invalidate and new_record")
        }
        let newRecord = hardDeletes == "new_record"
        let keys = try keys()
        // One moment for the whole run's versions, as dbt's snapshot_get_time() (now()::timestamp).
        let now = try connection.query("SELECT CAST(now() AS TIMESTAMP)::VARCHAR").scalar(String.self) ?? ""
        let snapshotTime = "CAST(\(Relation.literal(now)) AS TIMESTAMP)"
        let updated: String
        if strategy == "timestamp" {
            updated = "(\(try setting("updated_at")))"
        } else {
            updated = config["updated_at"]?.stringValue.map { "(\($0))" } ?? snapshotTime
        }
        let scdId = Self.hash(keys.map { "(\($0))" } + [updated])
        let current = config["dbt_valid_to_current"]?.stringValue
        let validTo = quote(column("dbt_valid_to"))
        let currentValidTo = current.map { "coalesce(nullif(\(updated), \(updated)), \($0))" } ?? "nullif(\(updated), \(updated))"

        guard try WarehouseCatalog.kind(of: relation, on: connection) == .table else {
            let sql = "CREATE TABLE \(relation) AS\nSELECT *, \(scdId) AS \(quote(column("dbt_scd_id"))), \(updated) AS \(quote(column("dbt_updated_at"))), "
                + "\(updated) AS \(quote(column("dbt_valid_from"))), \(currentValidTo) AS \(validTo)"
                + (newRecord ? ", 'False' AS \(quote(column("dbt_is_deleted")))" : "")
                + "\nFROM (\n\(query)\n) AS snapshot_query"
            let rows = try connection.transaction { connection in
                try connection.execute(sql)
                return try connection.query("SELECT count(*) FROM \(relation)").scalar(Int.self) ?? 0
            }
            return (rows, sql)
        }

        let tableColumns = try WarehouseCatalog.columns(of: relation, on: connection)
        let tableNames = Set(tableColumns.map { $0.name.lowercased() })
        let required = ["dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"] + (newRecord ? ["dbt_is_deleted"] : [])
        let missing = required.map(column).filter { !tableNames.contains($0.lowercased()) }
        guard missing.isEmpty else {
            throw LakeError("\(node.path): snapshot \(node.name)'s table \(relation) lacks \(missing.joined(separator: ", "))"
                + (newRecord && missing == [column("dbt_is_deleted")] ? " (hard_deletes new_record needs it: a snapshot built before that setting must be rebuilt)" : "")
                + ", so it is not a snapshot lake or dbt can continue")
        }
        let queryColumns = try WarehouseCatalog.columns(ofQuery: query, on: connection)
        let changed: String
        if strategy == "timestamp" {
            changed = "snapshotted_data.\(quote(column("dbt_valid_from"))) < source_data.__lake_updated"
        } else {
            // dbt's snapshot_check_all_get_existing_columns: a column the table lacks changes every row.
            let checked: [String]
            if config["check_cols"]?.stringValue == "all" {
                checked = queryColumns.map(\.name)
            } else if let list = config["check_cols"]?.arrayValue, !list.isEmpty {
                checked = try WarehouseCatalog.columns(ofQuery: "SELECT \(list.compactMap(\.stringValue).joined(separator: ", ")) FROM (\n\(query)\n) AS subq", on: connection).map(\.name)
            } else {
                throw LakeError("\(node.path): snapshot \(node.name) uses strategy check and needs `check_cols` (a list of columns, or 'all')")
            }
            if checked.contains(where: { !tableNames.contains($0.lowercased()) }) {
                changed = "TRUE"
            } else {
                changed = "(" + checked.map { "snapshotted_data.\(quote($0)) IS DISTINCT FROM source_data.\(quote($0))" }.joined(separator: " OR ") + ")"
            }
        }
        let isDeleted = quote(column("dbt_is_deleted"))
        let changedOrDeleted = newRecord ? "(\(changed) OR snapshotted_data.\(isDeleted) = 'True')" : changed
        let isCurrent = current.map { "(\(validTo) = \($0) OR \(validTo) IS NULL)" } ?? "\(validTo) IS NULL"
        let keyFields = keys.enumerated().map { "(\($1)) AS __lake_key\($0)" }.joined(separator: ", ")
        let keyNames = keys.indices.map { "__lake_key\($0)" }
        let joinOn = keyNames.map { "snapshotted_data.\($0) = source_data.\($0)" }.joined(separator: " AND ")
        let queryNames = queryColumns.map { quote($0.name) }
        let latestIsDeleted = "snapshotted_data.\(isDeleted) = 'True' AND "
            + (current.map { "snapshotted_data.\(validTo) = \($0)" } ?? "snapshotted_data.\(validTo) IS NULL")
        // Every branch lists the staging table's columns in one order: change, the query's, the key's, dbt's.
        func branch(_ change: String, values: [String], keysFrom: String, updatedAt: String, validFrom: String, validTo rowValidTo: String,
                    scdId rowScdId: String, deleted: String?, from: String) -> String {
            "SELECT '\(change)' AS __lake_change, " + (values + keyNames.map { "\(keysFrom).\($0)" }).joined(separator: ", ")
                + ", \(updatedAt) AS \(quote(column("dbt_updated_at"))), \(validFrom) AS \(quote(column("dbt_valid_from"))), \(rowValidTo) AS \(validTo), \(rowScdId) AS \(quote(column("dbt_scd_id")))"
                + (newRecord ? ", \(deleted ?? "NULL") AS \(isDeleted)" : "") + "\n\(from)"
        }
        let sourceValues = queryNames.map { "source_data.\($0)" }
        var branches = [
            branch("insert", values: sourceValues, keysFrom: "source_data", updatedAt: "source_data.__lake_updated", validFrom: "source_data.__lake_updated",
                   validTo: "source_data.__lake_valid_to", scdId: "source_data.__lake_scd_id", deleted: "'False'",
                   from: "FROM source_data LEFT JOIN snapshotted_data ON \(joinOn)\nWHERE snapshotted_data.__lake_key0 IS NULL OR \(changedOrDeleted)"),
            branch("update", values: sourceValues, keysFrom: "source_data", updatedAt: "source_data.__lake_updated", validFrom: "source_data.__lake_updated",
                   validTo: "source_data.__lake_updated", scdId: "snapshotted_data.\(quote(column("dbt_scd_id")))", deleted: "snapshotted_data.\(isDeleted)",
                   from: "FROM source_data JOIN snapshotted_data ON \(joinOn)\nWHERE \(changedOrDeleted)"),
        ]
        if hardDeletes != "ignore" {
            let gone = "FROM snapshotted_data LEFT JOIN source_data ON \(joinOn)\nWHERE source_data.__lake_key0 IS NULL" + (newRecord ? " AND NOT (\(latestIsDeleted))" : "")
            branches.append(branch("delete", values: sourceValues, keysFrom: "source_data", updatedAt: snapshotTime, validFrom: snapshotTime, validTo: snapshotTime,
                                   scdId: "snapshotted_data.\(quote(column("dbt_scd_id")))", deleted: "snapshotted_data.\(isDeleted)", from: gone))
            if newRecord {
                // The deleted row as last seen; a column the table does not have yet is null.
                let lastSeen = queryColumns.map { (tableNames.contains($0.name.lowercased()) ? "snapshotted_data." : "source_data.") + quote($0.name) }
                branches.append(branch("insert", values: lastSeen, keysFrom: "snapshotted_data", updatedAt: snapshotTime, validFrom: snapshotTime,
                                       validTo: "snapshotted_data.\(validTo)", scdId: Self.hash(["snapshotted_data.\(quote(column("dbt_scd_id")))", snapshotTime]),
                                       deleted: "'True'", from: gone))
            }
        }
        let staged = "__lake_snapshot_changes"
        let stagingSQL = """
            CREATE TEMP TABLE \(staged) AS
            WITH snapshot_query AS (
            \(query)
            ),
            snapshotted_data AS (SELECT *, \(keyFields) FROM \(relation) WHERE \(isCurrent)),
            source_data AS (
              SELECT *, \(keyFields), \(updated) AS __lake_updated, \(currentValidTo) AS __lake_valid_to, \(scdId) AS __lake_scd_id
              FROM snapshot_query
            )
            \(branches.joined(separator: "\nUNION ALL\n"))
            """
        return try connection.transaction { connection in
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS temp.\(staged)") }
            try connection.execute(stagingSQL)
            // New columns of the query join the table (dbt's create_columns), typed as the query types them.
            let stagedColumns = try WarehouseCatalog.columns(of: Relation(database: "temp", schema: "main", identifier: staged), on: connection)
                .filter { $0.name != "__lake_change" && !keyNames.contains($0.name) }
            var alterations: [String] = []
            for added in stagedColumns where !tableNames.contains(added.name.lowercased()) {
                alterations.append("ALTER TABLE \(relation) ADD COLUMN \(quote(added.name)) \(added.type);")
            }
            let insertColumns = stagedColumns.map { quote($0.name) }.joined(separator: ", ")
            let scd = quote(column("dbt_scd_id"))
            let merge = alterations.joined(separator: "\n") + """

                UPDATE \(relation) SET \(validTo) = changes.\(validTo)
                FROM temp.\(staged) AS changes
                WHERE CAST(changes.\(scd) AS VARCHAR) = CAST(\(relation).\(scd) AS VARCHAR) AND changes.__lake_change IN ('update', 'delete')
                  AND \(current.map { "(\(relation).\(validTo) = \($0) OR \(relation).\(validTo) IS NULL)" } ?? "\(relation).\(validTo) IS NULL");
                INSERT INTO \(relation) (\(insertColumns))
                SELECT \(insertColumns) FROM temp.\(staged) WHERE __lake_change = 'insert';
                """
            try connection.execute(merge)
            let rows = try connection.query("SELECT count(*) FROM temp.\(staged) WHERE __lake_change = 'insert'").scalar(Int.self) ?? 0
            return (rows, stagingSQL + ";\n" + merge)
        }
    }

    /// dbt's snapshot_hash_arguments: MD5 of the arguments as text, nulls as '', joined by '|'.
    private static func hash(_ arguments: [String]) -> String {
        "md5(" + arguments.map { "coalesce(CAST(\($0) AS VARCHAR), '')" }.joined(separator: " || '|' || ") + ")"
    }

    private func quote(_ name: String) -> String { Relation.quote(name) }
}
