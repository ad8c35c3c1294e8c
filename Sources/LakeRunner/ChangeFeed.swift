import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// What a lake's snapshot log says about a model's `changes(ref('x'))`: where the model last
/// stopped reading (recorded in its commits as `read_snapshot`) and whether every change since
/// then is still on record.
enum ChangeFeed {
    /// The snapshot a model starts from: its commit records it, so the next run reads the changes after it.
    static func currentSnapshot(_ catalog: String, on connection: Connection) throws -> Int {
        try connection.query("SELECT id FROM \(Relation.quote(catalog)).current_snapshot()").scalar(Int.self) ?? 0
    }

    /// The window `node` reads now, given the relations its `changes()` calls name; `catalog` is the
    /// lake's name, nil for a DuckDB file (which keeps no change feed).
    static func window(for node: GraphNode, fingerprint: String, reading parents: [Relation], catalog: String?,
                       on connection: Connection) throws -> ChangeWindow {
        guard let catalog else {
            return ChangeWindow(catalog: "", since: nil, through: 0, incompleteBecause: "a DuckDB file keeps no change feed")
        }
        let through = try currentSnapshot(catalog, on: connection)
        let snapshots = "\(Relation.quote(catalog)).snapshots()"
        // One read of the snapshot log: the node's last commit that recorded its reading
        // (Warehouse.commitLabel writes `"node": "<name>", "read_snapshot": <id>, "sql": "<fingerprint>"`),
        // whether that snapshot is still kept, and a parent created anew after it.
        let found = try connection.query("""
            WITH last AS (
                SELECT CAST(regexp_extract(commit_extra_info, '"read_snapshot": ([0-9]+)', 1) AS BIGINT) AS since,
                       regexp_extract(commit_extra_info, '"sql": "([^"]*)"', 1) AS sql
                FROM \(snapshots)
                WHERE contains(commit_extra_info, \(Relation.literal("\"node\": \(JSONWriter.quote(node.name)), \"read_snapshot\": ")))
                ORDER BY snapshot_id DESC LIMIT 1)
            SELECT since, sql,
                   EXISTS (SELECT 1 FROM \(snapshots) s WHERE s.snapshot_id = since) AS kept,
                   \(createdAnew(of: parents, after: "since", catalog: catalog)) AS rebuilt
            FROM last
            """)
        guard found.rowCount == 1, let since = try found.value(Int.self, row: 0, column: 0) else {
            return ChangeWindow(catalog: catalog, since: nil, through: through,
                                incompleteBecause: "no earlier build of \(node.name) recorded which snapshot it read")
        }
        let reason: String? = if try found.value(String.self, row: 0, column: 1) != fingerprint {
            // Changed logic (a new var value, an edited model or macro) may change every row.
            "its SQL changed since its last build"
        } else if try found.value(Bool.self, row: 0, column: 2) != true {
            "snapshot \(since), which its last build read, has been expired"
        } else if let rebuilt = try found.value(String.self, row: 0, column: 3) {
            "\(rebuilt.split(separator: ".").last.map(String.init) ?? rebuilt) was rebuilt since its last build"
        } else {
            nil
        }
        return ChangeWindow(catalog: catalog, since: since, through: through, incompleteBecause: reason)
    }

    /// The lake's snapshot now: its id and commit time (the pair names it even in a lake restored
    /// from a backup, where an id may come back for another commit). Given a baseline (snapshot
    /// `since`, committed at `committed`), also why the change feed since it cannot say everything
    /// that happened to `relations`: the snapshot is gone or is another commit now, or one of them
    /// was created anew since; nil when it can. One read of the snapshot log, as every test batch
    /// asks both before it checks.
    static func snapshotNow(_ catalog: String, gapSince baseline: (since: Int, committed: String, relations: [Relation])? = nil,
                            on connection: Connection) throws -> (now: (id: Int, committed: String), gap: String?) {
        let lake = Relation.quote(catalog)
        let gapColumns = baseline.map { baseline in
            """
            ,
                   EXISTS (SELECT 1 FROM \(lake).snapshots() WHERE snapshot_id = \(baseline.since) AND CAST(snapshot_time AS VARCHAR) = \(Relation.literal(baseline.committed))),
                   \(createdAnew(of: baseline.relations, after: String(baseline.since), catalog: catalog))
            """
        } ?? ""
        let found = try connection.query("SELECT id, CAST(snapshot_time AS VARCHAR)\(gapColumns)\nFROM \(lake).current_snapshot() JOIN \(lake).snapshots() ON snapshot_id = id")
        let now = (id: try found.value(Int.self, row: 0, column: 0) ?? 0, committed: try found.value(String.self, row: 0, column: 1) ?? "")
        guard let baseline else { return (now, nil) }
        if try found.value(Bool.self, row: 0, column: 2) != true { return (now, "snapshot \(baseline.since) is no longer in the lake") }
        if let rebuilt = try found.value(String.self, row: 0, column: 3) {
            return (now, "\(rebuilt.split(separator: ".").last.map(String.init) ?? rebuilt) was created anew since snapshot \(baseline.since)")
        }
        return (now, nil)
    }

    /// A scalar subquery: the first of `relations` created (anew) in a snapshot after `snapshot`
    /// (an id, or a column naming one), as `schema.table`; NULL when none was. A table created
    /// anew has no change feed reaching back before it.
    private static func createdAnew(of relations: [Relation], after snapshot: String, catalog: String) -> String {
        let names = relations.map { Relation.literal("\($0.schema).\($0.identifier)") }.joined(separator: ", ")
        return """
            (SELECT min(created) FROM \(Relation.quote(catalog)).snapshots() s, unnest(coalesce(s.changes['tables_created'], [])) t(created)
             WHERE s.snapshot_id > \(snapshot) AND created IN (\(names)))
            """
    }

    /// What identifies the logic a node runs: its template, its hooks, and what every model shares
    /// (the macro files and the variables, `logicShared`), as 64-bit FNV-1a in hex. Its source, not
    /// its rendering: an incremental model renders differently on its first build and later ones.
    /// A change detector, not a security measure.
    static func fingerprint(of node: GraphNode, in project: Project, logicShared: String) -> String {
        let template = project.models.first { $0.path == node.path }?.template.source.text ?? ""
        let hooks = node.config.hooks("pre_hook") + ["\u{0}"] + node.config.hooks("post_hook")
        return fnv1a(([template] + hooks + [logicShared]).joined(separator: "\u{0}"))
    }

    /// 64-bit FNV-1a of `text`, in hex: a change detector for logic, not a security measure.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The logic every model shares: the macro files' text (as the project loaded them) and the
    /// variables' values.
    static func sharedLogic(of project: Project, variables: [String: JSONValue]) -> String {
        let merged = project.settings.vars.merging(variables) { _, new in new }
        let macros = zip(project.macros.files, project.macros.texts).map { $0 + "\u{0}" + $1 }
        return (macros + [JSONWriter.write(.object(merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))]).joined(separator: "\u{0}")
    }

    /// The models a node's `changes()` calls name, in its SQL or its hooks.
    static func parents(of node: GraphNode) -> [String] {
        var names: [String] = node.compiled?.references.compactMap { reference -> String? in
            if case .changes(let model) = reference { return model }
            return nil
        } ?? []
        // Hooks are rendered when the node runs; their calls are found in their text.
        let call = try! NSRegularExpression(pattern: #"changes\(\s*ref\(\s*['"]([^'"]+)['"]"#)
        for hook in node.config.hooks("pre_hook") + node.config.hooks("post_hook") {
            for match in call.matches(in: hook, range: NSRange(location: 0, length: (hook as NSString).length)) {
                if let range = Range(match.range(at: 1), in: hook) { names.append(String(hook[range])) }
            }
        }
        return Array(Set(names)).sorted()
    }
}
