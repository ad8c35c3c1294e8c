import Foundation
import LakeDuckDB
import LakeRunner

/// What one run ingested, per raw table: files, lines read, rows loaded, lines rejected — and
/// whether every line is accounted for (read = loaded + rejected).
public struct IngestionReport: Sendable {
    public struct Table: Sendable, Equatable {
        public let rawTable: String
        public let files: Int
        public let read: Int
        public let loaded: Int
        public let rejected: Int
        public var balanced: Bool { read == loaded + rejected }
    }

    public let tables: [Table]
    /// The model that holds the ingestion log (models/bronze/bronze_ingested_files.sql).
    public static let logModel = "bronze_ingested_files"

    /// The files ingested since `since`, read from the warehouse's ingestion log; nil for a project
    /// without one.
    public static func read(warehouse location: WarehouseLocation, since: Date) throws -> IngestionReport? {
        guard location.exists else { return nil }
        let connection = try Warehouse.open(location, .read).connect()
        let hasLog = try connection.query("""
            SELECT count(*) FROM information_schema.tables
            WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = 'bronze_ingested_files'
            """).scalar(Int.self) ?? 0
        guard hasLog > 0 else { return nil }
        let result = try connection.query("""
            SELECT raw_table, count(*)::BIGINT, sum(lines_read)::BIGINT, sum(rows_loaded)::BIGINT, sum(rows_rejected)::BIGINT
            FROM bronze_ingested_files WHERE epoch(ingested_at) >= ? GROUP BY raw_table ORDER BY raw_table
            """, [.double(since.timeIntervalSince1970)])
        let tables = try (0..<result.rowCount).map { row in
            Table(rawTable: try result.value(String.self, row: row, column: 0) ?? "",
                  files: try result.value(Int.self, row: row, column: 1) ?? 0,
                  read: try result.value(Int.self, row: row, column: 2) ?? 0,
                  loaded: try result.value(Int.self, row: row, column: 3) ?? 0,
                  rejected: try result.value(Int.self, row: row, column: 4) ?? 0)
        }
        return IngestionReport(tables: tables)
    }

    public var balanced: Bool { tables.allSatisfy(\.balanced) }

    /// The accounting as a small table.
    public var text: String {
        guard !tables.isEmpty else { return "Ingestion: no new raw files (already ingested; --full-refresh reads them again).\n" }
        func cell(_ value: Int) -> String { RunReporterNumbers.grouped(value).leftPadded(to: 11) }
        var lines = ["Ingestion, this run (read = loaded + rejected):",
                     "  " + "table".padding(toLength: 22, withPad: " ", startingAt: 0) + "files".leftPadded(to: 6)
                        + "read".leftPadded(to: 11) + "loaded".leftPadded(to: 11) + "rejected".leftPadded(to: 11)]
        for table in tables {
            lines.append("  " + table.rawTable.padding(toLength: 22, withPad: " ", startingAt: 0) + String(table.files).leftPadded(to: 6)
                         + cell(table.read) + cell(table.loaded) + cell(table.rejected)
                         + (table.balanced ? "" : "   MISMATCH: \(table.read - table.loaded - table.rejected) lines unaccounted for"))
        }
        if tables.contains(where: { $0.rejected > 0 }) {
            lines.append("  Rejected lines, with file, line and reason: SELECT * FROM bronze_rejects")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
