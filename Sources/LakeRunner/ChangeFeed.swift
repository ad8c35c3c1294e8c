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

    /// The window `node` reads now, given the relations its `changes()` calls name.
    static func window(for node: GraphNode, fingerprint: String, reading parents: [Relation], catalog: String,
                       on connection: Connection) throws -> ChangeWindow {
        let through = try currentSnapshot(catalog, on: connection)
        let snapshots = "\(Relation.quote(catalog)).snapshots()"
        // The node's last commit that recorded its reading (Warehouse.commitLabel writes
        // `"node": "<name>", "read_snapshot": <id>, "sql": "<fingerprint>"`).
        let last = try connection.query("""
            SELECT CAST(regexp_extract(commit_extra_info, '"read_snapshot": ([0-9]+)', 1) AS BIGINT) AS since,
                   regexp_extract(commit_extra_info, '"sql": "([^"]*)"', 1) AS sql
            FROM \(snapshots)
            WHERE contains(commit_extra_info, \(Relation.literal("\"node\": \(JSONWriter.quote(node.name)), \"read_snapshot\": ")))
            ORDER BY snapshot_id DESC LIMIT 1
            """)
        guard last.rowCount == 1, let since = try last.value(Int.self, row: 0, column: 0) else {
            return ChangeWindow(catalog: catalog, since: nil, through: through,
                                incompleteBecause: "no earlier build of \(node.name) recorded which snapshot it read")
        }
        // Changed SQL (a new var value, an edited model) may change every row, not only the changed ones.
        if try last.value(String.self, row: 0, column: 1) != fingerprint {
            return ChangeWindow(catalog: catalog, since: since, through: through, incompleteBecause: "its SQL changed since its last build")
        }
        if try connection.query("SELECT count(*) FROM \(snapshots) WHERE snapshot_id = \(since)").scalar(Int.self) == 0 {
            return ChangeWindow(catalog: catalog, since: since, through: through,
                                incompleteBecause: "snapshot \(since), which its last build read, has been expired")
        }
        for parent in parents {
            let name = Relation.literal("\(parent.schema).\(parent.identifier)")
            let rebuilt = try connection.query("""
                SELECT count(*) FROM \(snapshots) WHERE snapshot_id > \(since) AND list_contains(changes['tables_created'], \(name))
                """).scalar(Int.self) ?? 0
            if rebuilt > 0 {
                return ChangeWindow(catalog: catalog, since: since, through: through,
                                    incompleteBecause: "\(parent.identifier) was rebuilt since its last build")
            }
        }
        return ChangeWindow(catalog: catalog, since: since, through: through, incompleteBecause: nil)
    }

    /// What identifies the logic a node runs: its file, its hooks, and what every model shares (the
    /// macro files and the variables, `logicShared`), as 64-bit FNV-1a in hex. Its source, not its
    /// rendering: an incremental model renders differently on its first build and later ones. A
    /// change detector, not a security measure.
    static func fingerprint(of node: GraphNode, in project: Project, logicShared: String) -> String {
        let file = (try? String(contentsOfFile: project.path(node.path), encoding: .utf8)) ?? ""
        let hooks = node.config.hooks("pre_hook") + ["\u{0}"] + node.config.hooks("post_hook")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ([file] + hooks + [logicShared]).joined(separator: "\u{0}").utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The logic every model shares: the macro files' text and the variables' values.
    static func sharedLogic(of project: Project, variables: [String: JSONValue]) -> String {
        var parts: [String] = []
        for folder in project.settings.macroPaths {
            let root = project.path(folder)
            let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".sql") }.sorted()
            for file in files { parts.append(file + "\u{0}" + ((try? String(contentsOfFile: root + "/" + file, encoding: .utf8)) ?? "")) }
        }
        let merged = project.settings.vars.merging(variables) { _, new in new }
        parts.append(JSONWriter.write(.object(merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
        return parts.joined(separator: "\u{0}")
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
