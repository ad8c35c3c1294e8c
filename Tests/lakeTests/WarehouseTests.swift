import Foundation
import Testing
@testable import LakeKit

@Suite struct WarehouseTests {
    /// What lake says when a DuckDB CLI holds the file: who holds it and how, and advice that fits.
    /// DuckDB's own message tells a writer blocked by a read-only session to open the file read-only,
    /// which cannot help: a read-only session keeps writers out too.
    @Test(arguments: [(cliReadOnly: false, lakeReadOnly: false), (true, false), (false, true)])
    func aLockHeldByTheDuckDBCLIBecomesAnExplanation(cliReadOnly: Bool, lakeReadOnly: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("warehouse.duckdb").path
        do { try Database(path: path).connect().execute("CREATE TABLE t AS SELECT 1 AS x") }

        // A DuckDB CLI session that holds the file open, as a user's would.
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cli.arguments = ["duckdb"] + (cliReadOnly ? ["-readonly"] : []) + [path]
        let input = Pipe(), output = Pipe()
        cli.standardInput = input
        cli.standardOutput = output
        try cli.run()
        defer {
            kill(cli.processIdentifier, SIGKILL)
            try? input.fileHandleForWriting.close()
            cli.waitUntilExit()
        }
        // Once it answers a query it has the file open, and lake must meet its lock.
        input.fileHandleForWriting.write(Data(".mode csv\nSELECT 'cli' || 'ready';\n".utf8))
        var answered = ""
        while !answered.contains("cliready") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            answered += String(decoding: data, as: UTF8.self)
        }
        #expect(answered.contains("cliready"))

        let error = #expect(throws: LakeError.self) { _ = try Warehouse.openFile(path: path, readOnly: lakeReadOnly) }
        let text = try #require(error?.description)
        let holder = "(PID \(cli.processIdentifier))"
        if cliReadOnly {
            #expect(text.contains("is open read-only in "))
            #expect(text.contains("while another has it open, even read-only"))
        } else {
            #expect(text.contains("is open for writing in "))
        }
        #expect(text.contains(holder))
        #expect(text.contains("so lake cannot \(lakeReadOnly ? "read" : "write to") it"))
        #expect(!text.contains("-readonly") && !text.contains("read-only mode"))
        #expect(text.contains("a project with a `lakehouse:` block has no such lock"))
        #expect(error?.kind == .lockHeld)
    }

    /// What a caller may do about a failure is in its kind, not only its words.
    @Test func aWarehouseNotBuiltYetSaysSoByKind() throws {
        let error = #expect(throws: LakeError.self) { _ = try Warehouse.openFile(path: "/nonexistent-\(UUID().uuidString)/w.duckdb", readOnly: true) }
        #expect(error?.kind == .notBuilt)
        #expect(error?.description.hasSuffix("run `lake run` first to build it") == true)
    }

    @Test func resultsFormatAsTableCSVAndJSON() throws {
        let connection = try Database().connect()
        let result = try connection.query("SELECT 1 AS id, 'a \"q\", b' AS name, NULL::DOUBLE AS x UNION ALL SELECT 22, 'ü', 1.5 ORDER BY id")
        #expect(ResultFormatter.render(result, as: .csv) == "id,name,x\n1,\"a \"\"q\"\", b\",\n22,ü,1.5\n")
        #expect(ResultFormatter.render(result, as: .json) == "{\"id\":1,\"name\":\"a \\\"q\\\", b\",\"x\":null}\n{\"id\":22,\"name\":\"ü\",\"x\":1.5}\n")
        let table = ResultFormatter.render(result, as: .table)
        #expect(table.contains("│      22 │ ü        │    1.5 │\n"))
        #expect(table.hasSuffix("2 rows\n"))
    }
}
