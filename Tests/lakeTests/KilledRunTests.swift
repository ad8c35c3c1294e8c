import Foundation
import Testing
import LakeKit

/// `kill -9` in the middle of a run: the warehouse keeps its last good state and no half-written
/// file takes the place of a good one.
@Suite struct KilledRunTests {
    @Test func aKilledRunLeavesTheLastGoodWarehouse() throws {
        let root = try LakeRunCommandTests.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try LakeExecutableTests.lake("run", "--project-dir", root).status == 0)

        // Slow versions of a table and an external model: long enough to be killed mid-write.
        let slow = "select i as machine_id, i % 7 as gpu_type, sqrt(i) as gpu_hours from range(60000000) r(i)"
        try "\(slow)".write(toFile: root + "/models/marts/machine_usage.sql", atomically: true, encoding: .utf8)
        try "{{ config(materialized='external') }}\nselect i::varchar as user_id, i * 1.0 as gpu_hours, i as cost_cents from range(60000000) r(i)"
            .write(toFile: root + "/models/marts/usage_file.sql", atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/data_lake/marts/usage_file.parquet"))

        let process = Process()
        process.executableURL = LakeExecutableTests.binary
        process.arguments = ["run", "--project-dir", root, "--threads", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until both models are being written, then kill: the external model's temporary file
        // exists, and the warehouse file has grown past its committed size (DuckDB writes a large
        // table's row groups into the file before the commit that makes them part of it).
        let folder = root + "/data_lake/marts"
        let warehouse = root + "/data_lake/warehouse.duckdb"
        func size(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
        let committedSize = size(warehouse)
        var writingFile = false, writingTable = false
        for _ in 0..<800 where !(writingFile && writingTable) && process.isRunning {
            writingFile = try writingFile || (FileManager.default.contentsOfDirectory(atPath: folder)).contains { $0.contains(".lake-tmp-") }
            writingTable = writingTable || size(warehouse) > committedSize
            Thread.sleep(forTimeInterval: 0.025)
        }
        // The kill must land mid-write, or what follows proves nothing.
        try #require(writingFile && writingTable, "file being written: \(writingFile), table being written: \(writingTable)")
        try #require(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder)).contains { $0.contains(".lake-tmp-") },
                "the killed run's half-written file is still there for the next run to clear")

        // The last good versions are what a reader sees.
        let after = try Data(contentsOf: URL(fileURLWithPath: root + "/data_lake/marts/usage_file.parquet"))
        #expect(after == before)
        let query = try LakeExecutableTests.lake("query", "--project-dir", root, "-f", "csv", "SELECT count(*) AS n, max(gpu_hours) AS g FROM machine_usage")
        #expect(query.output == "n,g\n3,12.5\n", "\(query.error)")

        // The next run clears what the killed one left and builds the new versions.
        try "select 1 as machine_id".write(toFile: root + "/models/marts/machine_usage.sql", atomically: true, encoding: .utf8)
        try "{{ config(materialized='external') }}\nselect 'x' as user_id, 1.0 as gpu_hours, 100 as cost_cents"
            .write(toFile: root + "/models/marts/usage_file.sql", atomically: true, encoding: .utf8)
        _ = try LakeExecutableTests.lake("run", "--project-dir", root, "--exclude", "test_type:generic")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["usage_file.parquet"])
    }

    /// Ctrl-C or SIGTERM: the statement running rolls back, nothing new starts, the output says so
    /// line by line (even into a pipe), and the exit status is 128 + the signal.
    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedRunStopsCleanly(signal: Int32) throws {
        let root = try LakeRunCommandTests.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try LakeExecutableTests.lake("run", "--project-dir", root).status == 0)
        try "select i as machine_id, i % 7 as gpu_type, sqrt(i) as gpu_hours from range(200000000) r(i) order by i desc"
            .write(toFile: root + "/models/marts/machine_usage.sql", atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = LakeExecutableTests.binary
        process.arguments = ["run", "--project-dir", root, "--threads", "1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Line-buffered: the progress of the models before the slow one arrives while it runs.
        var seen = ""
        let handle = output.fileHandleForReading
        while !seen.contains("machine_usage") || seen.components(separatedBy: "\n").count < 3 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.contains("] OK") { break }
        }
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, signal)
        let rest = handle.readDataToEndOfFile()
        process.waitUntilExit()
        let printed = seen + String(decoding: rest, as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal, "\(printed)")
        #expect(printed.contains("Interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM"):"), "\(printed)")
        #expect(printed.contains("Failures ("), "\(printed)")

        // The old version stays; the next run is green.
        let query = try LakeExecutableTests.lake("query", "--project-dir", root, "-f", "csv", "SELECT count(*) AS n FROM machine_usage")
        #expect(query.output == "n\n3\n", "\(query.error)")
        try "select 1 as machine_id, 1 as gpu_type, 1.0 as gpu_hours".write(toFile: root + "/models/marts/machine_usage.sql", atomically: true, encoding: .utf8)
        #expect(try LakeExecutableTests.lake("run", "--project-dir", root, "--exclude", "test_type:generic").status == 0)
    }
}
