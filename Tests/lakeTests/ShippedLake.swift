import Foundation
import LakeKit

/// A copy of the repository's own lakehouse project (lake.yml, models, macros, tests and the
/// shipped sample) in a temporary folder, driven through the `lake` binary as a user drives it.
final class ShippedLake {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    let root: String

    /// `lakeYAML` replaces lake.yml's text (e.g. to point the lake at a PostgreSQL catalog).
    init(lakeYAML: ((String) -> String)? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-shipped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/data_raw", withIntermediateDirectories: true)
        for item in ["lake.yml", "models", "seeds", "sql", "tests"] {
            try FileManager.default.copyItem(atPath: Self.repository + "/" + item, toPath: root + "/" + item)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/data_raw") where file.hasSuffix(".csv") {
            try FileManager.default.copyItem(atPath: Self.repository + "/data_raw/" + file, toPath: root + "/data_raw/" + file)
        }
        if let lakeYAML {
            let text = try String(contentsOfFile: root + "/lake.yml", encoding: .utf8)
            try lakeYAML(text).write(toFile: root + "/lake.yml", atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Runs `lake ARGS --project-dir ROOT`.
    func lake(_ arguments: String...) throws -> (status: Int32, output: String, error: String) {
        try LakeExecutableTests.lake(arguments: arguments + ["--project-dir", root])
    }

    /// Starts `lake ARGS --project-dir ROOT` without waiting for it.
    func start(_ arguments: String...) throws -> Process { try start(arguments: arguments) }

    func start(arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = LakeExecutableTests.binary
        process.arguments = arguments + ["--project-dir", root]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    var location: WarehouseLocation { WarehouseLocation(settings: try! ProjectSettings.load(projectDirectory: root), root: root) }

    /// One read of the lake's last committed snapshot.
    func query(_ sql: String) throws -> QueryResult { try Warehouse.open(location, .read).connect().query(sql) }

    /// Every table in the lake with a digest of its rows (the ingestion times left out: a run that
    /// re-ingests the same files writes new ones).
    func digest() throws -> [String: TableDigest] {
        let connection = try Warehouse.open(location, .read).connect()
        let tables = try connection.query("""
            SELECT table_name FROM information_schema.tables
            WHERE table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY 1
            """).columns[0].decode(String.self).compactMap { $0 }
        var digests: [String: TableDigest] = [:]
        for table in tables {
            let columns = try connection.query("SELECT column_name, column_type FROM (DESCRIBE \"\(table)\")")
            var exact: [String] = [], approximate: [String] = []
            for row in 0..<columns.rowCount {
                let name = try columns.value(String.self, row: row, column: 0) ?? "", type = try columns.value(String.self, row: row, column: 1) ?? ""
                // When and by which run, not what: an alert's sightings name the runs that saw it.
                if ["ingested_at", "checked_at", "rejected_at", "first_seen_run", "first_seen_at", "last_seen_run", "last_seen_at",
                    "resolved_run", "resolved_at"].contains(name) { continue }
                if type == "DOUBLE" || type == "FLOAT" { approximate.append(name) } else { exact.append(name) }
            }
            // Exact columns hash row by row; doubles are summed (DuckDB's parallel sums differ in the
            // last bits from run to run, so they are compared with a tolerance).
            let exactSQL = exact.isEmpty ? "'-'" : "coalesce(sum(hash(concat_ws('|', \(exact.map { "\"\($0)\"::VARCHAR" }.joined(separator: ", ")))))::VARCHAR, '-')"
            let sums = approximate.map { "coalesce(sum(\"\($0)\"), 0)::DOUBLE" }
            let result = try connection.query("SELECT count(*)::BIGINT, \(exactSQL)\(sums.isEmpty ? "" : ", " + sums.joined(separator: ", ")) FROM \"\(table)\"")
            digests[table] = TableDigest(rows: try result.value(Int.self, row: 0, column: 0) ?? -1,
                                         exact: try result.value(String.self, row: 0, column: 1) ?? "",
                                         sums: try (0..<sums.count).map { try result.value(Double.self, row: 0, column: 2 + $0) ?? .nan })
        }
        return digests
    }
}

/// A table's contents in brief: equal digests, equal contents (doubles within rounding).
struct TableDigest: Equatable, CustomStringConvertible {
    let rows: Int
    let exact: String
    let sums: [Double]

    static func == (a: TableDigest, b: TableDigest) -> Bool {
        a.rows == b.rows && a.exact == b.exact && a.sums.count == b.sums.count
            && zip(a.sums, b.sums).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($0), abs($1)) }
    }

    var description: String { "\(rows) rows" }
}
