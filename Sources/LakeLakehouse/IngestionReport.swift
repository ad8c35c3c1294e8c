import Foundation
import TextSupport
import LakeDuckDB
import LakeIngest
import LakeRunner

/// What one run ingested, per raw table: what became of each file (new, replaced, unchanged,
/// duplicates, quarantined, not ingested, vanished, being written, forgotten), and for the lines
/// read whether every one is accounted for (read = loaded + rejected + blank).
public struct IngestionReport: Sendable {
    public struct Table: Sendable, Equatable {
        public let outcome: IngestionOutcome
        public let read: Int
        public let loaded: Int
        public let rejected: Int
        public let blank: Int
        public var rawTable: String { outcome.table }
        public var balanced: Bool { read == loaded + rejected + blank }
    }

    public let tables: [Table]
    /// Data files in the landing folders that no raw table reads.
    public var unclaimed: [UnclaimedRawFiles.Found] = []

    /// The accounting of the models that read raw files in `results`, their counts from the
    /// ingestion log each names; nil when no such model ran.
    public static func make(_ results: [NodeResult], on connection: Connection, since: Date) throws -> IngestionReport? {
        let outcomes = results.compactMap(\.ingestion).sorted { $0.table < $1.table }
        guard !outcomes.isEmpty else { return nil }
        let tables = try outcomes.map { outcome in
            let totals = try connection.query("""
                SELECT coalesce(sum(lines_read), 0)::BIGINT, coalesce(sum(rows_loaded), 0)::BIGINT,
                       coalesce(sum(rows_rejected), 0)::BIGINT, coalesce(sum(lines_blank), 0)::BIGINT
                FROM \(outcome.log) WHERE raw_table = ? AND epoch(ingested_at) >= ?
                """, [.varchar(outcome.table), .double(since.timeIntervalSince1970)])
            func total(_ column: Int) throws -> Int { try totals.value(Int.self, row: 0, column: column) ?? 0 }
            return Table(outcome: outcome, read: try total(0), loaded: try total(1), rejected: try total(2), blank: try total(3))
        }
        return IngestionReport(tables: tables)
    }

    public var balanced: Bool { tables.allSatisfy(\.balanced) }

    /// The accounting as a small table, then a line for each file that needs a word.
    public var text: String {
        let actions: [IngestionOutcome.Action] = [.new, .replaced, .unchanged, .duplicate, .quarantined]
        guard tables.contains(where: { table in table.outcome.files.isEmpty || table.outcome.files.contains { $0.action != .unchanged || $0.detail != nil } }) else {
            let unchanged = tables.reduce(0) { $0 + $1.outcome.count(.unchanged) }
            return (["Ingestion: no new raw files (\(unchanged) unchanged; --full-refresh reads them again)."] + unclaimedLines)
                .joined(separator: "\n") + "\n"
        }
        // Every column as wide as its widest cell, two spaces apart: at full scale a table reads
        // 10,208,697 lines, and fixed widths ran neighbouring numbers together.
        let headers = actions.map(\.rawValue) + ["read", "loaded", "rejected", "blank"]
        let rows = tables.map { table in
            (actions.map { table.outcome.count($0) } + [table.read, table.loaded, table.rejected, table.blank]).map(NumberGrouping.grouped)
        }
        let nameWidth = max("table".count, tables.map(\.rawTable.count).max() ?? 0) + 2
        let widths = headers.indices.map { column in max(headers[column].count, rows.map { $0[column].count }.max() ?? 0) + 2 }
        func line(_ name: String, _ cells: [String]) -> String {
            "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + zip(cells, widths).map { $0.leftPadded(to: $1) }.joined()
        }
        var lines = ["Ingestion, this run (files by what became of them; lines: read = loaded + rejected + blank):", line("table", headers)]
        for (table, cells) in zip(tables, rows) {
            lines.append(line(table.rawTable, cells)
                         + (table.balanced ? "" : "   MISMATCH: \(table.read - table.loaded - table.rejected - table.blank) lines unaccounted for"))
        }
        for table in tables {
            if table.outcome.files.isEmpty {
                lines.append("  \(table.rawTable): no raw files (expected \(table.outcome.location).csv, or files under \(table.outcome.location)/)")
            }
            for file in table.outcome.files {
                switch file.action {
                case .unchanged: if let detail = file.detail { lines.append("  \(file.file): \(detail)") }
                case .new, .replaced: continue
                case .duplicate: lines.append("  \(file.file): \(file.detail ?? "a duplicate") (not loaded again)")
                case .quarantined: lines.append("  \(file.file): quarantined: \(file.detail ?? "unreadable")")
                case .notIngested: lines.append("  \(file.file): not ingested: \(file.detail ?? "")")
                case .vanished: lines.append("  \(file.file): gone from its landing folder; \(file.detail ?? "nothing was loaded from it") (lake ingest --forget retracts it)")
                case .beingWritten: lines.append("  \(file.file): still being written (\(file.detail ?? "")); left for the next run")
                case .forgotten: lines.append("  \(file.file): forgotten: its rows, rejects and log entry are gone")
                }
            }
        }
        lines += unclaimedLines
        if let rejects = tables.first(where: { $0.rejected > 0 })?.outcome.rejects {
            lines.append("  Rejected lines, with file, line and reason: SELECT * FROM \(rejects)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension IngestionReport {
    /// A line for each data file no raw table reads, with where it probably belongs.
    var unclaimedLines: [String] {
        unclaimed.map { found in
            let what = found.path.hasSuffix("/") ? "\(found.path) (\(found.files) data file\(found.files == 1 ? "" : "s"))" : found.path
            let hint = found.suggestion.map { "; to load it as \(($0 as NSString).lastPathComponent), move \(found.path.hasSuffix("/") ? "its files" : "it") into \($0)/" } ?? ""
            return "  \(what): not ingested: no raw table is named \(found.stem)\(hint)"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
