import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// Builds one model or seed in the warehouse. Every materialization replaces the old version inside
/// one transaction: a failure leaves the previous version as it was, and a
/// killed process leaves DuckDB's uncommitted work (and our temporary files) behind, never a half
/// table or file in its place.
// Read-only during a run; each worker passes its own connection.
struct Materializer: @unchecked Sendable {
    let project: Project
    let graph: ProjectGraph
    let linker: Linker
    let options: RunOptions
    /// Whether tables live in a lake, where `partition_by` lays a table's files out by its values.
    let lakehouse: Bool
    /// How the run renders its nodes (dbt's `graph`, `invocation_id`): hooks render with them.
    let contexts: CompileContextFactory

    /// Builds `node`; returns the rows written (nil for views) and the SQL that ran.
    /// `beforeCommit` runs last inside a table's or increment's transaction: throwing there rolls it back.
    /// `changes`: the snapshots the node's `changes()` calls read.
    func build(_ node: GraphNode, on connection: Connection, changes: ChangeWindow? = nil,
               beforeCommit: (Connection) throws -> Void = { _ in }) throws -> (rows: Int?, sql: String) {
        let built = try materialize(node, on: connection, changes: changes, beforeCommit: beforeCommit)
        try persistDocs(node, on: connection)
        return built
    }

    /// dbt's `persist_docs`: the YAML descriptions as the relation's comment (`relation: true`) and
    /// its columns' (`columns: true`, for the documented columns the relation has), as
    /// dbt-duckdb's alter_relation_comment and alter_column_comment write them.
    private func persistDocs(_ node: GraphNode, on connection: Connection) throws {
        guard case .object(let settings)? = node.config["persist_docs"], [.model, .seed, .snapshot].contains(node.kind) else { return }
        let relation = linker.relation(of: node)
        guard let kind = try WarehouseCatalog.kind(of: relation, on: connection) else { return }
        func enabled(_ key: String) -> Bool { settings.first { $0.0 == key }?.1.boolValue == true }
        if enabled("relation"), !node.description.isEmpty {
            try connection.execute("COMMENT ON \(kind == .view ? "VIEW" : "TABLE") \(relation) IS \(Relation.literal(node.description))")
        }
        if enabled("columns"), !node.columns.isEmpty {
            let existing = Set(try WarehouseCatalog.columns(of: relation, on: connection).map(\.name))
            for column in node.columns where existing.contains(column.name) {
                try connection.execute("COMMENT ON COLUMN \(relation).\(Relation.quote(column.name)) IS \(Relation.literal(column.description))")
            }
        }
    }

    private func materialize(_ node: GraphNode, on connection: Connection, changes: ChangeWindow?,
                             beforeCommit: (Connection) throws -> Void) throws -> (rows: Int?, sql: String) {
        let relation = linker.relation(of: node)
        // The run created the schema before its nodes (Runner.createSchemas); a node built on its own may still need it.
        if relation.schema != "main" || relation.database != nil { try connection.execute("CREATE SCHEMA IF NOT EXISTS \(relation.schemaText)") }
        if node.kind == .seed { return try seed(node, relation: relation, on: connection) }
        if node.kind == .snapshot { return try SnapshotBuilder(node: node, relation: relation, query: try linker.sql(for: node)).build(on: connection) }
        let sql = try linker.sql(for: node, changes: changes)
        let hooks = HookRunner(materializer: self, node: node, changes: changes)
        switch node.config.materialized {
        case "view": return (try view(node, relation: relation, sql: sql, hooks: hooks, on: connection), sql)
        case "table": return (try table(node, relation: relation, sql: sql, hooks: hooks, on: connection, beforeCommit: beforeCommit), sql)
        case "incremental" where node.config["incremental_strategy"]?.stringValue == "microbatch":
            return try microbatch(node, relation: relation, hooks: hooks, on: connection, beforeCommit: beforeCommit)
        case "incremental":
            return (try incremental(node, relation: relation, sql: sql, hooks: hooks, changes: changes, on: connection, beforeCommit: beforeCommit), sql)
        case "external": return (try external(node, relation: relation, sql: sql, on: connection), sql)
        case "ephemeral": return (nil, sql)
        case let other:
            if let file = project.macros.customMaterializations[other] {
                throw LakeError("\(node.path): materialized '\(other)' is a custom materialization ({% materialization \(other) %} in \(file)); "
                    + "lake builds view, table, incremental, ephemeral and external models with its own, and runs no project's materializations")
            }
            throw LakeError("\(node.path): unknown materialization '\(other)' (use view, table, incremental, ephemeral or external)")
        }
    }

    // MARK: - Materializations

    private func view(_ node: GraphNode, relation: Relation, sql: String, hooks: HookRunner, on connection: Connection) throws -> Int? {
        try ModelContract(node, on: connection, relationOf: { try linker.text(ofReference: $0, qualified: false) })?.check(sql, on: connection)
        try connection.transaction { connection in
            try hooks.run("pre_hook", on: connection)
            if try WarehouseCatalog.kind(of: relation, on: connection) == .table {
                try WarehouseCatalog.drop(relation, kind: .table, on: connection)
            }
            try connection.execute("CREATE OR REPLACE VIEW \(relation) AS\n\(sql)")
            try hooks.run("post_hook", on: connection)
        }
        return nil
    }

    private func table(_ node: GraphNode, relation: Relation, sql: String, hooks: HookRunner, on connection: Connection,
                       beforeCommit: (Connection) throws -> Void) throws -> Int? {
        // Built straight into its place, in the writers' turn (a lake on a SQLite catalog takes one
        // writer at a time). Computing it first into a temporary table, outside the turn, let other
        // builds run beside it but wrote every row twice and held them all in memory: at full scale
        // 14 s and 3 GB for silver_instances against 10 s and 1.1 GB, and DuckDB already spreads
        // one query over every core.
        return try connection.transaction { connection in
            try hooks.run("pre_hook", on: connection)
            let rows = try rebuild(node, relation, as: sql, on: connection)
            try hooks.run("post_hook", on: connection)
            try beforeCommit(connection)
            return rows
        }
    }

    /// The table built anew from `sql`, inside the caller's transaction; in a lake, laid out by
    /// `partition_by` when the model sets it.
    private func rebuild(_ node: GraphNode, _ relation: Relation, as sql: String, on connection: Connection) throws -> Int {
        if let contract = try ModelContract(node, on: connection, relationOf: { try linker.text(ofReference: $0, qualified: false) }) { return try contract.build(relation, as: sql, on: connection) }
        let partitions = partitionColumns(node)
        // (A DuckDB file has no partitions; `note(for:)` says so in the run's output.)
        guard !partitions.isEmpty, lakehouse else { return try WarehouseCatalog.replace(relation, as: sql, on: connection) }
        // The partitioning must be set before the rows are written: an empty table of the query's
        // shape first, its columns from DESCRIBE (which binds the query without running it).
        let columns = try WarehouseCatalog.columns(ofQuery: sql, on: connection).map { "\(Relation.quote($0.name)) \($0.type)" }
        if try WarehouseCatalog.kind(of: relation, on: connection) == .view { try WarehouseCatalog.drop(relation, kind: .view, on: connection) }
        try connection.execute("CREATE OR REPLACE TABLE \(relation) (\(columns.joined(separator: ", ")))")
        try connection.execute("ALTER TABLE \(relation) SET PARTITIONED BY (\(partitions.joined(separator: ", ")))")
        return WarehouseCatalog.count(try connection.query("INSERT INTO \(relation) SELECT * FROM (\n\(sql)\n)"))
    }

    /// What a run should say about a node's configuration that this warehouse cannot honour, or
    /// about changes it could not read.
    func note(for node: GraphNode, changes: ChangeWindow?) -> String? {
        if let reason = changes?.incompleteBecause, node.config.materialized == "incremental", !fullRefresh(node), changes?.since != nil {
            return "note: recomputed from every row of its parents: \(reason)"
        }
        return note(for: node)
    }

    /// What a run should say about a node's configuration that this warehouse cannot honour.
    func note(for node: GraphNode) -> String? {
        guard !lakehouse, ["table", "incremental"].contains(node.config.materialized), !partitionColumns(node).isEmpty else { return nil }
        return "note: partition_by not applied: it lays out a lake table's files (a `lakehouse:` in lake.yml), "
            + "and this project keeps its tables in a DuckDB file"
    }

    /// `partition_by`: a column, a list of columns, or DuckLake's transforms (`year(ts)`, `day(ts)`, …).
    func partitionColumns(_ node: GraphNode) -> [String] {
        node.config["partition_by"].map { value -> [String] in
            if case .array(let items) = value { return items.compactMap(\.stringValue) }
            return value.stringValue.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        } ?? []
    }

    /// Whether `node` is an incremental model the lake cannot say the changes of (`changes`
    /// incomplete), so it is emptied and built again from every row of its parents. It renders,
    /// hooks included, with `is_incremental()` false: its SQL reads as a first build's.
    func rebuildsFromEmpty(_ node: GraphNode, changes: ChangeWindow?) -> Bool {
        guard let changes, !changes.isComplete, node.config.materialized == "incremental", !fullRefresh(node) else { return false }
        return true
    }

    private func incremental(_ node: GraphNode, relation: Relation, sql: String, hooks: HookRunner, changes: ChangeWindow?,
                             on connection: Connection, beforeCommit: (Connection) throws -> Void) throws -> Int? {
        // Leading pre-hooks that only fill temporary tables (the touched keys of
        // sql/macros/incremental.sql) run before the transaction: they write nothing in the lake, so
        // they need not hold its writer's turn while another model waits for it. Not when the model
        // is emptied first (an incomplete change window): they must see it emptied.
        var pre: [String]?
        if changes?.isComplete ?? true {
            var statements = try hooks.statements("pre_hook", on: connection)
            let early = statements.prefix(while: HookRunner.fillsTemporaryTable)
            for statement in early { try connection.execute(statement) }
            statements.removeFirst(early.count)
            pre = statements
        }
        return try connection.transaction { connection in
            // When the lake cannot say what changed, `changes()` reads every row of its parents, and the
            // model, emptied first, recomputes everything from them.
            if rebuildsFromEmpty(node, changes: changes), try WarehouseCatalog.kind(of: relation, on: connection) == .table {
                try connection.execute("DELETE FROM \(relation)")
            }
            for statement in try pre ?? hooks.statements("pre_hook", on: connection) { try connection.execute(statement) }
            let rows = try appendIncrement(node, relation: relation, sql: sql, on: connection)
            try hooks.run("post_hook", on: connection)
            try beforeCommit(connection)
            return rows
        }
    }

    /// A first build or --full-refresh builds the whole table; later runs add the increment by
    /// `incremental_strategy`.
    private func appendIncrement(_ node: GraphNode, relation: Relation, sql: String, on connection: Connection) throws -> Int {
        guard !fullRefresh(node), try WarehouseCatalog.kind(of: relation, on: connection) == .table else {
            return try rebuild(node, relation, as: sql, on: connection)
        }
        let strategy = node.config["incremental_strategy"]?.stringValue ?? (node.config.uniqueKey.isEmpty ? "append" : "delete+insert")
        if strategy == "append" {
            // Nothing to delete by key: the new rows go straight in, without a staged copy.
            let columns = try reconcileColumns(node, target: relation, incoming: try WarehouseCatalog.columns(ofQuery: sql, on: connection), on: connection)
            let list = columns.map(Relation.quote).joined(separator: ", ")
            return WarehouseCatalog.count(try connection.query("INSERT INTO \(relation) (\(list)) SELECT \(list) FROM (\n\(sql)\n)"))
        }
        // Staged in this connection's temporary catalog: never in the lake, never seen by another writer.
        let increment = Relation(database: "temp", schema: "main", identifier: relation.identifier + "__lake_increment")
        try connection.execute("DROP TABLE IF EXISTS \(increment)")
        try connection.execute("CREATE TEMP TABLE \(Relation.quote(increment.identifier)) AS\n\(sql)")
        let columns = try reconcileColumns(node, target: relation, incoming: try WarehouseCatalog.columns(of: increment, on: connection), on: connection)
        let list = columns.map(Relation.quote).joined(separator: ", ")
        switch strategy {
        case "delete+insert":
            let keys = node.config.uniqueKey
            guard !keys.isEmpty else { throw LakeError("\(node.path): incremental_strategy delete+insert needs a unique_key") }
            let keyList = keys.map(Relation.quote).joined(separator: ", ")
            try connection.execute("DELETE FROM \(relation) WHERE (\(keyList)) IN (SELECT \(keyList) FROM \(increment))")
        case "merge":
            return try merge(node, into: relation, from: increment, columns: columns, on: connection)
        default:
            throw LakeError("\(node.path): unknown incremental_strategy '\(strategy)' (use append, delete+insert or merge)")
        }
        let rows = WarehouseCatalog.count(try connection.query("INSERT INTO \(relation) (\(list)) SELECT \(list) FROM \(increment)"))
        try connection.execute("DROP TABLE \(increment)")
        return rows
    }

    /// dbt's microbatch strategy, as dbt-duckdb runs it: the model built batch by batch of its
    /// `event_time` (Microbatch.batches), each batch reading only the batch's rows of every ref and
    /// source that configures `event_time`; the first batch of a new table (or a full refresh)
    /// creates it, every later one deletes the batch's window from the table and inserts the
    /// model's rows in it. Unlike dbt, which commits batch by batch, all the batches commit
    /// together: a failed batch leaves the table as it was.
    private func microbatch(_ node: GraphNode, relation: Relation, hooks: HookRunner, on connection: Connection,
                            beforeCommit: (Connection) throws -> Void) throws -> (rows: Int?, sql: String) {
        let config = node.config
        guard let eventTime = config["event_time"]?.stringValue else {
            throw LakeError("\(node.path): microbatch incremental strategy requires an 'event_time' model config")
        }
        if config["unique_key"] != nil {
            throw LakeError("\(node.path): microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch "
                + "based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.")
        }
        guard let sizeText = config["batch_size"]?.stringValue, let size = Microbatch.BatchSize(rawValue: sizeText) else {
            throw LakeError("\(node.path): microbatch model \(node.name) needs a 'batch_size' config (one of hour, day, month, year)")
        }
        let begin = try config["begin"]?.stringValue.map { text in
            guard let date = Microbatch.parseTime(text) else { throw LakeError("\(node.path): begin '\(text)' is no time (e.g. '2024-01-01')") }
            return date
        }
        let exists = try !fullRefresh(node) && WarehouseCatalog.kind(of: relation, on: connection) == .table
        let batches: [Microbatch.Window]
        do {
            batches = try Microbatch.batches(begin: begin, size: size, lookback: config["lookback"]?.intValue ?? 1, incremental: exists,
                                             now: Date(), eventTimeStart: options.eventTimeStart, eventTimeEnd: options.eventTimeEnd)
        } catch {
            throw LakeError("\(node.path): \(error)")
        }
        let predicates = (config["incremental_predicates"]?.arrayValue ?? []).compactMap(\.stringValue)
        var statements: [String] = []
        let rows = try connection.transaction { connection in
            try hooks.run("pre_hook", on: connection)
            var rows = 0
            // The batches share one query shape: the columns are reconciled with the table once.
            var columnList: String?
            for (index, batch) in batches.enumerated() {
                let sql = try linker.sql(for: node, batch: batch)
                if index == 0 && !exists {
                    rows += try rebuild(node, relation, as: sql, on: connection)
                    statements.append("CREATE OR REPLACE TABLE \(relation) AS\n\(sql)")
                    continue
                }
                let window = batch.filter(column: eventTime)
                if columnList == nil {
                    columnList = try reconcileColumns(node, target: relation, incoming: try WarehouseCatalog.columns(ofQuery: sql, on: connection), on: connection)
                        .map(Relation.quote).joined(separator: ", ")
                }
                let list = columnList!
                let delete = "DELETE FROM \(relation) WHERE \(window)" + predicates.map { " AND (\($0))" }.joined()
                let insert = "INSERT INTO \(relation) (\(list)) SELECT \(list) FROM (\n\(sql)\n) AS batch WHERE \(window)"
                try connection.execute(delete)
                rows += WarehouseCatalog.count(try connection.query(insert))
                statements += [delete, insert]
            }
            try hooks.run("post_hook", on: connection)
            try beforeCommit(connection)
            return rows
        }
        return (rows, "-- \(batches.count) batch\(batches.count == 1 ? "" : "es") of \(size.rawValue), "
                + "\(Microbatch.Window.text(batches[0].start)) to \(Microbatch.Window.text(batches[batches.count - 1].end))\n"
                + statements.joined(separator: ";\n"))
    }

    /// dbt-duckdb's `merge`: rows of the increment whose `unique_key` matches a row update it —
    /// every column, or `merge_update_columns`, or all but `merge_exclude_columns` — and the others
    /// are inserted. Written as UPDATE then INSERT, which a lake's tables take as well as a file's.
    private func merge(_ node: GraphNode, into relation: Relation, from increment: Relation, columns: [String],
                       on connection: Connection) throws -> Int {
        let keys = node.config.uniqueKey
        guard !keys.isEmpty else { throw LakeError("\(node.path): incremental_strategy merge needs a unique_key") }
        var updated = columns.filter { !keys.contains($0) }
        if let only = node.config["merge_update_columns"]?.arrayValue?.compactMap(\.stringValue) { updated = updated.filter(only.contains) }
        if let except = node.config["merge_exclude_columns"]?.arrayValue?.compactMap(\.stringValue) { updated = updated.filter { !except.contains($0) } }
        let matches = keys.map { "\(relation).\(Relation.quote($0)) = increment.\(Relation.quote($0))" }.joined(separator: " AND ")
        var rows = 0
        if !updated.isEmpty {
            let sets = updated.map { "\(Relation.quote($0)) = increment.\(Relation.quote($0))" }.joined(separator: ", ")
            rows += WarehouseCatalog.count(try connection.query("UPDATE \(relation) SET \(sets) FROM \(increment) AS increment WHERE \(matches)"))
        }
        let list = columns.map(Relation.quote).joined(separator: ", ")
        let keyMatch = keys.map { "existing.\(Relation.quote($0)) = increment.\(Relation.quote($0))" }.joined(separator: " AND ")
        rows += WarehouseCatalog.count(try connection.query(
            "INSERT INTO \(relation) (\(list)) SELECT \(list) FROM \(increment) AS increment "
            + "WHERE NOT EXISTS (SELECT 1 FROM \(relation) AS existing WHERE \(keyMatch))"))
        try connection.execute("DROP TABLE \(increment)")
        return rows
    }

    /// Whether `--full-refresh` rebuilds this model: dbt's `full_refresh: false` keeps a model
    /// incremental under it (e.g. a log that other models append to and that a refresh must not empty).
    func fullRefresh(_ node: GraphNode) -> Bool {
        options.fullRefresh && node.config["full_refresh"]?.boolValue != false
    }

    /// The columns to insert, after applying `on_schema_change` (ignore, fail, append_new_columns).
    private func reconcileColumns(_ node: GraphNode, target: Relation, incoming: [(name: String, type: String)], on connection: Connection) throws -> [String] {
        let existing = try WarehouseCatalog.columns(of: target, on: connection)
        let existingNames = Set(existing.map(\.name)), incomingNames = Set(incoming.map(\.name))
        let policy = node.config["on_schema_change"]?.stringValue ?? "ignore"
        let changed = existing.map { "\($0.name) \($0.type)" } != incoming.map { "\($0.name) \($0.type)" }
        switch policy {
        case "ignore": break
        case "fail":
            if changed {
                let added = incoming.filter { !existingNames.contains($0.name) }.map(\.name)
                let removed = existing.filter { !incomingNames.contains($0.name) }.map(\.name)
                throw LakeError("\(node.path): the schema changed (added: \(added.isEmpty ? "none" : added.joined(separator: ", ")); "
                    + "removed: \(removed.isEmpty ? "none" : removed.joined(separator: ", "))) and on_schema_change is 'fail'; "
                    + "run with --full-refresh to rebuild it")
            }
        case "append_new_columns":
            for column in incoming where !existingNames.contains(column.name) {
                try connection.execute("ALTER TABLE \(target) ADD COLUMN \(Relation.quote(column.name)) \(column.type)")
            }
            return incoming.map(\.name)
        case "sync_all_columns":
            // dbt's: new columns added, gone ones dropped, changed types altered; old rows keep their values.
            for column in incoming where !existingNames.contains(column.name) {
                try connection.execute("ALTER TABLE \(target) ADD COLUMN \(Relation.quote(column.name)) \(column.type)")
            }
            for column in existing where !incomingNames.contains(column.name) {
                try connection.execute("ALTER TABLE \(target) DROP COLUMN \(Relation.quote(column.name))")
            }
            for column in incoming {
                if let old = existing.first(where: { $0.name == column.name }), old.type != column.type {
                    try connection.execute("ALTER TABLE \(target) ALTER COLUMN \(Relation.quote(column.name)) TYPE \(column.type)")
                }
            }
            return incoming.map(\.name)
        default:
            throw LakeError("\(node.path): unknown on_schema_change '\(policy)' (use ignore, fail, append_new_columns or sync_all_columns)")
        }
        return existing.map(\.name).filter(incomingNames.contains)
    }

    /// dbt-duckdb's `external`: the query written to a Parquet or CSV file (optionally partitioned),
    /// and a view over the file so downstream models read it. With `incremental: true`, new rows
    /// are added to what the file held (replacing rows with the same `unique_key`).
    private func external(_ node: GraphNode, relation: Relation, sql: String, on connection: Connection) throws -> Int? {
        let format = node.config["format"]?.stringValue?.lowercased() ?? "parquet"
        guard format == "parquet" || format == "csv" else { throw LakeError("\(node.path): external format '\(format)' (use parquet or csv)") }
        let partitions = partitionColumns(node)
        let location = ExternalLocation.of(node, relation: relation, format: format, partitioned: !partitions.isEmpty, settings: project.settings)
        let absolute = project.path(location)
        try FileManager.default.createDirectory(atPath: (absolute as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let reader = ExternalLocation.reader(absolute, format: format, partitioned: !partitions.isEmpty)

        try HookRunner(materializer: self, node: node, changes: nil).run("pre_hook", on: connection)
        var query = sql
        var incrementRows: Int?
        let appending = node.config["incremental"]?.boolValue == true && !fullRefresh(node) && FileManager.default.fileExists(atPath: absolute)
        let increment = Relation.quote("__lake_increment_" + node.name)
        if appending {
            // The new rows are staged first, so the run reports what it added, not the file's size.
            try connection.execute("CREATE OR REPLACE TEMP TABLE \(increment) AS\n\(sql)")
            incrementRows = try connection.query("SELECT count(*) FROM \(increment)").scalar(Int.self)
            let keys = node.config.uniqueKey.map(Relation.quote).joined(separator: ", ")
            let keep = keys.isEmpty ? "" : " WHERE (\(keys)) NOT IN (SELECT \(keys) FROM \(increment))"
            query = "SELECT * FROM \(reader)\(keep)\nUNION ALL BY NAME\nSELECT * FROM \(increment)"
        }
        defer { if appending { _ = try? connection.execute("DROP TABLE IF EXISTS temp.\(increment)") } }
        let temporary = absolute + ".lake-tmp-\(getpid())"
        ExternalLocation.removeLeftovers(of: absolute)
        var copyOptions = ["FORMAT \(format)"]
        if format == "csv" { copyOptions.append("HEADER") }
        if !partitions.isEmpty { copyOptions.append("PARTITION_BY (\(partitions.map(Relation.quote).joined(separator: ", ")))") }
        let rows: Int
        do {
            rows = WarehouseCatalog.count(try connection.query("COPY (\n\(query)\n) TO \(SQLText.literal(temporary)) (\(copyOptions.joined(separator: ", ")))"))
            try ExternalLocation.replace(absolute, with: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try connection.transaction { connection in
            if try WarehouseCatalog.kind(of: relation, on: connection) == .table { try WarehouseCatalog.drop(relation, kind: .table, on: connection) }
            try connection.execute("CREATE OR REPLACE VIEW \(relation) AS SELECT * FROM \(reader)")
            try HookRunner(materializer: self, node: node, changes: nil).run("post_hook", on: connection)
        }
        return incrementRows ?? rows
    }

    /// A CSV file as a table; column types inferred unless `column_types` says otherwise.
    private func seed(_ node: GraphNode, relation: Relation, on connection: Connection) throws -> (rows: Int?, sql: String) {
        // A line DuckDB cannot read is an error naming the seed's file and line, never a row lost:
        // the rejects are kept (which also keeps the sniffer from settling on a one-column reading).
        let rejects = "__lake_seed_rejects", scans = "__lake_seed_scans"
        var parameters = ["header = true", "auto_detect = true", "store_rejects = true",
                          "rejects_table = '\(rejects)'", "rejects_scan = '\(scans)'"]
        var types: [(String, String)] = []
        if case .object(let given)? = node.config["column_types"] { types = given.map { ($0.0, $0.1.stringValue ?? "VARCHAR") } }
        if let delimiter = node.config["delimiter"]?.stringValue { parameters.append("delim = \(SQLText.literal(delimiter))") }
        func read(_ types: [(String, String)]) -> String {
            let typing = types.isEmpty ? [] : ["types = {" + types.map { "\(SQLText.literal($0.0)): \(SQLText.literal($0.1))" }.joined(separator: ", ") + "}"]
            return "read_csv(\(SQLText.literal(project.path(node.path))), \((parameters + typing).joined(separator: ", ")))"
        }
        // dbt reads a seed with agate, which knows no time of day: such a column stays text.
        let typed = Set(types.map { $0.0.lowercased() })
        let sniffed = try WarehouseCatalog.columns(ofQuery: "SELECT * FROM \(read(types))", on: connection)
        types += sniffed.filter { $0.type.hasPrefix("TIME") && !$0.type.hasPrefix("TIMESTAMP") && !typed.contains($0.name.lowercased()) }.map { ($0.name, "VARCHAR") }
        let source = read(types)
        let sql = "SELECT * \(try seedIntegers(node, read: source, columns: sniffed, typed: typed, on: connection))FROM \(source)"
        let rows = try connection.transaction { connection in
            try HookRunner(materializer: self, node: node, changes: nil).run("pre_hook", on: connection)
            let rows = try rebuild(node, relation, as: sql, on: connection)
            try checkSeedRead(node, rows: rows, rejects: rejects, on: connection)
            try HookRunner(materializer: self, node: node, changes: nil).run("post_hook", on: connection)
            return rows
        }
        return (rows, sql)
    }

    /// dbt-duckdb makes a seed's whole-number columns INTEGER (dbt's `convert_number_type`: a
    /// number column with no decimal places, `1.0` counting as none), where DuckDB's sniffer says
    /// BIGINT or DOUBLE: a `REPLACE` clause casting each such column whose values fit, unless
    /// `column_types` names it. `columns`: what the sniffer made of the file.
    private func seedIntegers(_ node: GraphNode, read: String, columns: [(name: String, type: String)], typed: Set<String>,
                              on connection: Connection) throws -> String {
        // A column with no value at all is INTEGER too (agate takes an empty column for a number;
        // DuckDB's sniffer says VARCHAR).
        let candidates = columns.filter { ["BIGINT", "DOUBLE", "VARCHAR"].contains($0.type) && !typed.contains($0.name.lowercased()) }
        guard !candidates.isEmpty else { return "" }
        let checks = candidates.map { candidate in
            let column = Relation.quote(candidate.name)
            if candidate.type == "VARCHAR" { return "count(\(column)) = 0" }
            return "coalesce(min(\(column)) >= -2147483648 AND max(\(column)) <= 2147483647 AND bool_and(\(column) = trunc(\(column))), true)"
        }
        let fits = try connection.query("SELECT \(checks.joined(separator: ", ")) FROM \(read)")
        let casts = try candidates.enumerated().filter { try fits.value(Bool.self, row: 0, column: $0.offset) == true }.map {
            "CAST(\(Relation.quote($0.element.name)) AS INTEGER) AS \(Relation.quote($0.element.name))"
        }
        return casts.isEmpty ? "" : "REPLACE (\(casts.joined(separator: ", "))) "
    }

    /// Every line of a seed is a row: a rejected line, or fewer rows than the file has data lines
    /// (when no quoting can explain it), fails the seed with the file and line.
    private func checkSeedRead(_ node: GraphNode, rows: Int, rejects: String, on connection: Connection) throws {
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS temp.\(rejects); DROP TABLE IF EXISTS temp.__lake_seed_scans") }
        let rejected = try connection.query("SELECT line, error_type::VARCHAR, error_message, csv_line FROM temp.\(rejects) ORDER BY line LIMIT 5")
        if rejected.rowCount > 0 {
            let lines = try (0..<rejected.rowCount).map { row in
                "\(node.path):\(try rejected.value(Int.self, row: row, column: 0) ?? 0): \(try rejected.value(String.self, row: row, column: 1) ?? ""): "
                    + "\(try rejected.value(String.self, row: row, column: 2) ?? "")\n    \(try rejected.value(String.self, row: row, column: 3) ?? "")"
            }
            throw LakeError("the seed has lines it cannot load:\n" + lines.joined(separator: "\n"))
        }
        guard let text = try? String(contentsOfFile: project.path(node.path), encoding: .utf8), !text.contains("\"") else { return }
        let dataLines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.count - 1
        if rows < dataLines {
            throw LakeError("\(node.path): \(dataLines) data lines but \(rows) rows loaded; check its delimiter (the seed's `delimiter` config) and header")
        }
    }

    /// Runs `pre_hook` / `post_hook` SQL, rendered as templates (they may use {{ this }}).
    /// A node's hooks, rendered where they run (so `is_incremental()` sees the table as it is then)
    /// and linked with the node's change window.
    struct HookRunner {
        let materializer: Materializer
        let node: GraphNode
        let changes: ChangeWindow?

        func run(_ key: String, on connection: Connection) throws {
            for statement in try statements(key, on: connection) { try connection.execute(statement) }
        }

        /// The hooks of `key`, rendered and linked, ready to run in order.
        func statements(_ key: String, on connection: Connection) throws -> [String] {
            let hooks = node.config.hooks(key)
            guard !hooks.isEmpty else { return [] }
            let project = materializer.project
            // Hooks run with the node, so they render as it does: `execute` true, run_query on its
            // connection, unqualified macros the node's package's first.
            let package = node.fqn.first.flatMap { $0 == project.settings.name ? nil : $0 }
            var context = materializer.contexts.context(for: node.name, base: node.config, package: package)
            context.relationExists = try WarehouseCatalog.kind(of: materializer.linker.relation(of: node), on: connection) != nil
            if materializer.rebuildsFromEmpty(node, changes: changes) { context.incrementalOverride = false }
            context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
            return try hooks.enumerated().map { index, hook in
                let template = try Template(name: "\(node.path) (\(key) \(index + 1))", text: hook, lenientUndefined: project.settings.lenientUndefined)
                let compiled = try NodeCompiler(environment: project.macros.environment).compile(template, context: context)
                var ctes: [(name: String, sql: String)] = []
                return try materializer.linker.link(compiled, of: node, ctes: &ctes, changes: changes)
            }
        }

        /// Whether a rendered hook only fills a temporary table: one CREATE TEMP TABLE statement,
        /// which reads the lake and writes nothing in it.
        static func fillsTemporaryTable(_ sql: String) -> Bool {
            let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
            return !trimmed.contains(";")
                && trimmed.range(of: #"^create\s+(or\s+replace\s+)?(temp|temporary)\s+table\s"#, options: [.regularExpression, .caseInsensitive]) != nil
        }
    }

}

/// Where an external model's file goes and how SQL reads it.
enum ExternalLocation {
    /// `location`; in a dbt-duckdb project dbt-duckdb's default, `<external_root>/<alias>.<format>`
    /// (a partitioned model's folder has no extension); in a lake.yml project
    /// data_lake/<layer>/<model>.<format>, where the layer is the model's first folder.
    static func of(_ node: GraphNode, relation: Relation, format: String, partitioned: Bool, settings: ProjectSettings) -> String {
        if let location = node.config["location"]?.stringValue { return location }
        guard settings.isDbtProject else { return "data_lake/\(node.folders.first ?? "models")/\(node.name).\(format)" }
        return "\(settings.externalRoot ?? ".")/\(relation.identifier)" + (partitioned ? "" : ".\(format)")
    }

    static func reader(_ location: String, format: String, partitioned: Bool) -> String {
        let path = partitioned ? location + "/**/*.\(format)" : location
        let quoted = SQLText.literal(path)
        if format == "csv" { return "read_csv_auto(\(quoted)\(partitioned ? ", hive_partitioning = true" : ""))" }
        return "read_parquet(\(quoted)\(partitioned ? ", hive_partitioning = true" : ""))"
    }

    /// Temporary files a killed run left beside `destination` (its own name plus .lake-tmp-PID or
    /// .lake-old-PID): never read by anything, removed before the next write.
    static func removeLeftovers(of destination: String) {
        let folder = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where entry.hasPrefix(name + ".lake-tmp-") || entry.hasPrefix(name + ".lake-old-") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(entry))
        }
    }

    /// Moves the finished file (or partition folder) into place; the old one goes only once the new
    /// one is there.
    static func replace(_ destination: String, with temporary: String) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: destination) else {
            try manager.moveItem(atPath: temporary, toPath: destination)
            return
        }
        var isFolder: ObjCBool = false
        _ = manager.fileExists(atPath: temporary, isDirectory: &isFolder)
        if !isFolder.boolValue {
            // rename(2) replaces a file atomically.
            guard rename(temporary, destination) == 0 else { throw LakeError("could not move \(temporary) to \(destination): \(String(cString: strerror(errno)))") }
            return
        }
        let old = destination + ".lake-old-\(getpid())"
        try manager.moveItem(atPath: destination, toPath: old)
        try manager.moveItem(atPath: temporary, toPath: destination)
        try? manager.removeItem(atPath: old)
    }
}
