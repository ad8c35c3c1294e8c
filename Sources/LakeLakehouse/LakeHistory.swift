import Foundation
import LakeDuckDB
import LakeProject
import LakeRunner

/// A lake's history: its DuckLake snapshots grouped by the run that committed them (every commit
/// lake makes carries the run id and node in its extra info), and time travel to any of them.
public struct LakeHistory: Sendable {
    /// One commit.
    public struct Snapshot: Sendable, Equatable {
        public let id: Int
        public let time: String
        /// The node that committed it, for lake's commits.
        public let node: String?
        /// What changed, tables by name: e.g. "tables_inserted_into: main.bronze_job_events".
        public let changes: String
    }

    /// The snapshots one run committed, oldest first.
    public struct Run: Sendable {
        public let id: String
        public let snapshots: [Snapshot]
        public var firstSnapshot: Int { snapshots.first?.id ?? 0 }
        public var lastSnapshot: Int { snapshots.last?.id ?? 0 }
    }

    /// Every snapshot still kept, oldest first.
    public let snapshots: [(runId: String?, snapshot: Snapshot)]

    /// Reads the lake's snapshots (read-only: a run may be writing).
    public static func read(_ location: WarehouseLocation) throws -> LakeHistory {
        guard let lakehouse = location.lakehouse else {
            throw LakeError("this project keeps its tables in the DuckDB file \(location.file), which has no history; "
                + "add a `lakehouse:` block to lake.yml to keep them in a DuckLake with a snapshot per commit")
        }
        let connection = try Warehouse.open(location, .read).connect()
        let alias = Relation.literal(lakehouse.alias)
        let metadata = Relation.quote(lakehouse.metadataCatalog)
        // Changes name tables by id; the catalog's table list (dropped tables included) gives their names.
        let names = try connection.query("SELECT DISTINCT table_id, table_name FROM \(metadata).ducklake_table")
        var tableNames: [String: String] = [:]
        for row in 0..<names.rowCount {
            if let id = try names.value(Int.self, row: row, column: 0), let name = try names.value(String.self, row: row, column: 1) {
                tableNames[String(id)] = name
            }
        }
        let result = try connection.query("""
            SELECT snapshot_id, strftime(snapshot_time, '%Y-%m-%d %H:%M:%S'), changes::VARCHAR,
                   json_extract_string(commit_extra_info, '$.run_id'), json_extract_string(commit_extra_info, '$.node')
            FROM ducklake_snapshots(\(alias)) ORDER BY snapshot_id
            """)
        var snapshots: [(String?, Snapshot)] = []
        for row in 0..<result.rowCount {
            let changes = try result.value(String.self, row: row, column: 2) ?? ""
            snapshots.append((try result.value(String.self, row: row, column: 3),
                              Snapshot(id: try result.value(Int.self, row: row, column: 0) ?? 0,
                                       time: try result.value(String.self, row: row, column: 1) ?? "",
                                       node: try result.value(String.self, row: row, column: 4),
                                       changes: Self.describe(changes, tableNames: tableNames))))
        }
        return LakeHistory(snapshots: snapshots)
    }

    /// lake's runs, oldest first.
    public var runs: [Run] {
        var order: [String] = []
        var byRun: [String: [Snapshot]] = [:]
        for (runId, snapshot) in snapshots {
            guard let runId else { continue }
            if byRun[runId] == nil { order.append(runId) }
            byRun[runId, default: []].append(snapshot)
        }
        return order.map { Run(id: $0, snapshots: byRun[$0] ?? []) }
    }

    /// The snapshot a run left the lake at: its last commit.
    public func snapshot(ofRun id: String) throws -> Int {
        if let run = runs.first(where: { $0.id == id }) { return run.lastSnapshot }
        let known = runs.suffix(5).map(\.id)
        throw LakeError("no run '\(id)' in the lake's history" + (known.isEmpty ? "" : " (latest: \(known.joined(separator: ", ")))")
            + "; `lake history` lists them (snapshots older than the retention are expired by `lake maintain`)")
    }

    /// DuckLake's change map, e.g. `{tables_inserted_into=[3, 4]}`, with table ids as names.
    static func describe(_ changes: String, tableNames: [String: String]) -> String {
        var text = changes.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
        for kind in ["tables_inserted_into", "tables_deleted_from", "tables_dropped", "tables_compacted", "inlined_insert", "inlined_delete"] {
            guard let range = text.range(of: kind + #"=\[[0-9, ]*\]"#, options: .regularExpression) else { continue }
            let ids = text[range].drop(while: { $0 != "[" }).dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            text.replaceSubrange(range, with: kind + "=[" + ids.map { tableNames[$0].map { "main.\($0)" } ?? $0 }.joined(separator: ", ") + "]")
        }
        return text
    }

    /// The history as text: one block per run with its snapshots.
    public func text(limit: Int) -> String {
        let shown = runs.suffix(limit)
        guard !shown.isEmpty else { return "No runs in the lake's history yet: `lake run` makes the first.\n" }
        var lines: [String] = []
        for run in shown {
            lines.append("run \(run.id)  snapshots \(run.firstSnapshot)–\(run.lastSnapshot)  \(run.snapshots.first?.time ?? "") → \(run.snapshots.last?.time ?? "")")
            for snapshot in run.snapshots {
                lines.append("  #\(snapshot.id)  \((snapshot.node ?? "").padding(toLength: 34, withPad: " ", startingAt: 0)) \(snapshot.changes)")
            }
        }
        lines.append("Read the lake as it was: lake query --at-run ID (or --at-snapshot N, --at 'YYYY-MM-DD HH:MM:SS') \"SELECT …\"")
        return lines.joined(separator: "\n") + "\n"
    }
}
