import Foundation
import Testing
import LakeKit

/// Runs the built `lake` binary the way a user does, checking what it prints and its exit status.
@Suite struct LakeExecutableTests {
    static var binary: URL {
        // The test bundle and the executable are built into the same folder.
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("lake") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static func lake(_ arguments: String..., in directory: URL? = nil) throws -> (status: Int32, output: String, error: String) {
        try lake(arguments: arguments, in: directory)
    }

    static func lake(arguments: [String], in directory: URL? = nil, input: String? = nil) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), error = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data((input ?? "").utf8))
        try stdin.fileHandleForWriting.close()
        // Both pipes are drained at once, so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var err = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { err = error.fileHandleForReading.readDataToEndOfFile(); drained.signal() }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func versionNamesLakeAndTheLinkedDuckDB() throws {
        let result = try Self.lake("--version")
        #expect(result.status == 0)
        let pin = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().appendingPathComponent("../../scripts/duckdb.version"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.output == "lake \(LakeVersion.lake) (DuckDB v\(pin))\n")
    }

    @Test func usageErrorsExitTwoWithASuggestion() throws {
        let result = try Self.lake("qurey")
        #expect(result.status == 2)
        #expect(result.error.contains("Did you mean 'query'?"))
        #expect(try Self.lake("query", "--bogus", "x").status == 2)
    }

    /// dbt users type `build` and `list`; a thread count must be a count; a selection that picks
    /// nothing says so, as dbt does ("does not match any enabled nodes"), on stderr for `ls`.
    @Test func dbtNamesThreadCountsAndEmptySelections() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        try "name: cli\n".write(to: folder.appendingPathComponent("lake.yml"), atomically: true, encoding: .utf8)
        try "select 1 as id".write(to: folder.appendingPathComponent("models/one.sql"), atomically: true, encoding: .utf8)

        let listed = try Self.lake("list", in: folder)
        #expect(listed.status == 0)
        #expect(listed.output.contains("one"))
        for threads in ["0", "-1"] {
            let refused = try Self.lake("build", "--threads", threads, in: folder)
            #expect(refused.status == 2)
            #expect(refused.error.contains("invalid value '\(threads)' for '--threads': expected a whole number of at least 1"))
        }
        let empty = try Self.lake("build", "-s", "tag:nope", in: folder)
        #expect(empty.status == 0)
        #expect(empty.output.contains("WARN the selection criterion 'tag:nope' does not match any enabled nodes"))
        #expect(empty.output.contains("WARN nothing to do: the selection picked no node"))
        let partly = try Self.lake("ls", "-s", "one", "path:marts", in: folder)
        #expect(partly.status == 0 && partly.output.contains("one"))
        #expect(partly.error.contains("WARN the selection criterion 'path:marts' does not match any enabled nodes"))
        #expect(!partly.error.contains("nothing to do"))
        #expect(!partly.output.contains("WARN"))
        // lake ls as dbt ls: by resource type, names or paths only.
        try "version: 2\nmodels:\n  - name: one\n    columns:\n      - name: id\n        tests: [unique]\n"
            .write(to: folder.appendingPathComponent("models/schema.yml"), atomically: true, encoding: .utf8)
        #expect(try Self.lake("ls", "--resource-type", "test", "-o", "name", in: folder).output == "unique_one_id\n")
        #expect(try Self.lake("ls", "--resource-type", "model", "-o", "path", in: folder).output == "models/one.sql\n")
        #expect(try Self.lake("ls", "--resource-type", "model", "--resource-type", "test", "-o", "name", in: folder).output == "one\nunique_one_id\n")
        let badType = try Self.lake("ls", "--resource-type", "modle", in: folder)
        #expect(badType.status == 2 && badType.error.contains("expected one of model, seed, test"))
        let built = try Self.lake("build", in: folder)
        #expect(built.status == 0, "\(built.output)\(built.error)")
        #expect(!built.output.contains("WARN the") && !built.output.contains("WARN nothing"))
    }

    /// `lake test` before anything is built names what is missing and what to run, not DuckDB's
    /// catalog error.
    @Test func testingAFreshProjectSaysWhatToBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-fresh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        try "name: fresh\n".write(to: folder.appendingPathComponent("lake.yml"), atomically: true, encoding: .utf8)
        try "select 1 as id".write(to: folder.appendingPathComponent("models/one.sql"), atomically: true, encoding: .utf8)
        try "version: 2\nmodels:\n  - name: one\n    columns:\n      - name: id\n        tests: [unique]\n"
            .write(to: folder.appendingPathComponent("models/schema.yml"), atomically: true, encoding: .utf8)
        let fresh = try Self.lake("test", in: folder)
        #expect(fresh.status == 1)
        #expect(fresh.output.contains("one is not built yet: run `lake run` first"))
        #expect(!fresh.output.contains("Catalog Error"))
        #expect(try Self.lake("run", in: folder).status == 0)
        let tested = try Self.lake("test", in: folder)
        #expect(tested.status == 0, "\(tested.output)")
    }

    /// `lake run-operation MACRO --args YAML`: the macro's arguments from YAML, its print lines on
    /// standard output; a failing macro exits 1, a missing macro name is a usage error (2).
    @Test func runOperationCallsAMacroWithItsArguments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-operation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sql/macros"), withIntermediateDirectories: true)
        try "name: operations\n".write(to: folder.appendingPathComponent("lake.yml"), atomically: true, encoding: .utf8)
        try """
            {% macro greet(name, times=1) %}{% for _ in range(times) %}{{ print("hello " ~ name) }}{% endfor %}{% endmacro %}
            {% macro broken() %}{{ exceptions.raise_compiler_error("not today") }}{% endmacro %}
            """.write(to: folder.appendingPathComponent("sql/macros/ops.sql"), atomically: true, encoding: .utf8)
        let greeted = try Self.lake("run-operation", "greet", "--args", "{name: fleet, times: 2}", in: folder)
        #expect(greeted.status == 0, "\(greeted.error)")
        #expect(greeted.output == "hello fleet\nhello fleet\n")
        let broken = try Self.lake("run-operation", "broken", in: folder)
        #expect(broken.status == 1)
        #expect(broken.output.contains("Encountered an error while running operation: sql/macros/ops.sql:2:"), "\(broken.output)")
        #expect(try Self.lake("run-operation", "greet", "--args", "[1, 2]", in: folder).error.contains("--args takes a mapping"))
        #expect(try Self.lake("run-operation", in: folder).status == 2)
    }

    /// A DuckDB error in a model names the model's file and its own line (not the line of the
    /// CREATE … AS statement lake wrapped it in), and shows that line.
    @Test func aModelsSQLErrorNamesItsFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-sqlerror-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models/marts"), withIntermediateDirectories: true)
        try "name: errors\n".write(to: folder.appendingPathComponent("lake.yml"), atomically: true, encoding: .utf8)
        try "{{ config(materialized='table') }}\n-- the orders\nselect 1 as id\nfrom nowhere_table\n"
            .write(to: folder.appendingPathComponent("models/marts/orders.sql"), atomically: true, encoding: .utf8)
        // A singular test is its own SQL file too: its error is told at its line.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try "-- no negative ids\nselect 1 as id\nwhere no_such_column < 0\n"
            .write(to: folder.appendingPathComponent("tests/no_negative_ids.sql"), atomically: true, encoding: .utf8)
        let run = try Self.lake("run", in: folder)
        #expect(run.status == 1)
        #expect(run.output.contains("tests/no_negative_ids.sql:3: Binder Error: Referenced column \"no_such_column\" was not found"), "\(run.output)")
        #expect(run.output.contains(" 3 | where no_such_column < 0"))
        #expect(run.output.contains("models/marts/orders.sql:4: Catalog Error: Table with name nowhere_table does not exist!"), "\(run.output)")
        #expect(run.output.contains(" 4 | from nowhere_table"))
        #expect(run.output.contains("ERROR orders: models/marts/orders.sql:4:"))
        #expect(!run.output.contains("LINE "))
    }

    @Test func queryReadsTheProjectsWarehouse() throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("lake-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: project) }
        do {
            let database = try Warehouse.openFile(path: project.appendingPathComponent("data_lake/warehouse.duckdb").path)
            try database.connect().execute("CREATE TABLE gpu AS SELECT 'm1' AS machine, 87.5 AS util")
        }
        let csv = try Self.lake("query", "--project-dir", project.path, "-f", "csv", "SELECT * FROM gpu")
        #expect(csv.status == 0)
        #expect(csv.output == "machine,util\nm1,87.5\n")
        let table = try Self.lake("query", "SELECT count(*) AS n FROM gpu", in: project)
        #expect(table.output.contains("│      1 │\n"))
        #expect(table.output.contains("│ bigint │"))
        let bad = try Self.lake("query", "SELECT nope FROM gpu", in: project)
        #expect(bad.status == 1)
        #expect(bad.error.contains("Referenced column \"nope\" not found"))
    }

    /// The statement from stdin or a file, SQL that opens with a `--` comment, infinities in JSON,
    /// and a long table cut to its ends.
    @Test func queryTakesItsStatementEveryWayAndPrintsEveryValue() throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("lake-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: project) }
        do {
            let database = try Warehouse.openFile(path: project.appendingPathComponent("data_lake/warehouse.duckdb").path)
            try database.connect().execute("CREATE TABLE n AS SELECT range AS i FROM range(100)")
        }
        let stdin = try Self.lake(arguments: ["query", "-f", "csv", "-"], in: project, input: "SELECT count(*) AS c FROM n\n")
        #expect(stdin.status == 0, "\(stdin.error)")
        #expect(stdin.output == "c\n100\n")
        try "-- the largest\nSELECT max(i) AS m FROM n".write(to: project.appendingPathComponent("q.sql"), atomically: true, encoding: .utf8)
        #expect(try Self.lake("query", "-f", "csv", "--file", "q.sql", in: project).output == "m\n99\n")
        let commented = try Self.lake("query", "-f", "csv", "-- the largest\nSELECT max(i) AS m FROM n", in: project)
        #expect(commented.status == 0, "\(commented.error)")
        #expect(commented.output == "m\n99\n")
        let json = try Self.lake("query", "-f", "json", "SELECT 'inf'::DOUBLE AS a, '-inf'::DOUBLE AS b, 'nan'::DOUBLE AS c, NULL::DOUBLE AS d", in: project)
        #expect(json.output == "{\"a\":\"Infinity\",\"b\":\"-Infinity\",\"c\":\"NaN\",\"d\":null}\n")
        let cut = try Self.lake("query", "--max-rows", "4", "SELECT i FROM n ORDER BY i", in: project)
        let cells = cut.output.split(separator: "\n").filter { $0.hasPrefix("│") }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }
        #expect(cells == ["i", "bigint", "0", "1", "…", "98", "99"])
        #expect(cut.output.contains("100 rows (4 shown; --max-rows 0 shows all"))
        // Not a terminal: every row.
        #expect(!(try Self.lake("query", "SELECT i FROM n", in: project).output.contains("…")))
        #expect(try Self.lake("query", in: project).error.contains("give the statement to run"))
    }

    @Test func aMissingWarehouseSaysHowToBuildIt() throws {
        let result = try Self.lake("query", "--project-dir", "/nonexistent-lake-project", "SELECT 1")
        #expect(result.status == 1)
        #expect(result.error.contains("no warehouse at /nonexistent-lake-project/data_lake/warehouse.duckdb"))
    }
}
