import Foundation
import Testing
@testable import LakeKit

@Suite struct WarehouseTests {
    @Test func aLockHeldByTheDuckDBCLIBecomesAnExplanation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("warehouse.duckdb").path

        // A DuckDB CLI session that holds the file open for writing, as a user's would.
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cli.arguments = ["duckdb", path]
        let input = Pipe()
        cli.standardInput = input
        cli.standardOutput = FileHandle.nullDevice
        try cli.run()
        defer {
            kill(cli.processIdentifier, SIGKILL)
            try? input.fileHandleForWriting.close()
            cli.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data("CREATE TABLE t AS SELECT 1 AS x;\n".utf8))
        // The CLI creates the file and locks it; lake must not create it first.
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: path) { Thread.sleep(forTimeInterval: 0.02) }
        var message: String?
        for _ in 0..<100 {
            do {
                _ = try Warehouse.openFile(path: path)
            } catch let error as LakeError {
                message = error.description
                break
            } catch {}
            Thread.sleep(forTimeInterval: 0.05)
        }
        let text = try #require(message)
        #expect(text.contains("the warehouse \(path) is locked by"))
        #expect(text.contains("(PID \(cli.processIdentifier))"))
        #expect(text.contains("a project with a `lakehouse:` block has no such lock"))
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
