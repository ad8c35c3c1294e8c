import Foundation

/// Scratch folders to remove when the benchmark exits, however it exits.
nonisolated(unsafe) private var scratchFolders: [String] = []

/// What every benchmark under bench/ needs: its options, a clock, and the median of repeats.
public enum Bench {
    /// A folder of its own under the temporary directory, removed when the process exits (a
    /// `defer` at the top of main.swift did not run: full-scale runs left gigabytes behind).
    public static func scratchFolder(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())").path
        if scratchFolders.isEmpty {
            atexit { for folder in scratchFolders { try? FileManager.default.removeItem(atPath: folder) } }
        }
        scratchFolders.append(path)
        return path
    }

    /// The integer after `name` on the command line, or `fallback`.
    public static func option(_ name: String, _ fallback: Int) -> Int {
        let arguments = CommandLine.arguments
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
            return fallback
        }
        return value
    }

    /// Wall-clock seconds `body` takes, from the monotonic clock.
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    public static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The `lake` binary built beside this benchmark (same configuration); exits with a hint when
    /// it is not there.
    public static func lakeBinary(for benchmark: String) -> String {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lake").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("\(benchmark): build the release binary first: swift build -c release")
            exit(1)
        }
        return binary
    }

    /// The repository's root, from a benchmark's source file (`#filePath`), which lies two folders down.
    public static func repository(from sourceFile: String) -> String {
        URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    }

    /// Runs `binary` with `arguments` to completion, its output discarded (it would interleave with
    /// the benchmark's table); its wall time, peak resident memory (from wait4's rusage) and exit status.
    public static func measured(_ binary: String, _ arguments: [String]) -> (seconds: Double, peakMB: Double, status: Int32) {
        var pid = pid_t()
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var usage = rusage(), status: Int32 = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let seconds = Bench.seconds {
            guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return }
            _ = wait4(pid, &status, 0, &usage)
        }
        return (seconds, Double(usage.ru_maxrss) / 1024, (status >> 8) & 0xff)
    }

    /// A copy of the repository's project (lake.yml, models, macros, tests) in `root`, with an empty data_raw/.
    public static func copyProject(from repository: String, to root: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/data_raw", withIntermediateDirectories: true)
        for item in ["lake.yml", "models", "seeds", "sql", "tests"] { try FileManager.default.copyItem(atPath: repository + "/" + item, toPath: root + "/" + item) }
    }

    /// One measured line: its name padded to `width`, wall time (with `decimals`), peak memory, the
    /// exit status when not 0, and a note.
    public static func printRow(_ name: String, _ result: (seconds: Double, peakMB: Double, status: Int32), _ note: String = "",
                                width: Int = 52, decimals: Int = 1) {
        print("  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
              + String(format: "%7.\(decimals)f s   peak %6.0f MB", result.seconds, result.peakMB)
              + (result.status == 0 ? "" : "   (exit \(result.status))") + (note.isEmpty ? "" : "   " + note))
    }

    /// What `binary` with `arguments` prints on stdout; a non-zero exit is an error with its stderr.
    public static func output(_ binary: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(binary) \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The duckdb CLI on PATH (scripts/bootstrap installs it beside the library), or an exit with a hint.
    public static func duckdbCLI(for benchmark: String) -> String {
        let found = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { $0 + "/duckdb" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let found else { print("\(benchmark): the duckdb CLI is not on PATH (scripts/bootstrap installs it)"); exit(1) }
        return found
    }

    /// DuckDB's floor for a project's raw tables: one `duckdb` session creating each table in a new
    /// DuckLake (SQLite catalog, the Parquet codec of the project's lake.yml) straight from
    /// `read_csv` with its bronze model's columns: no checks, no log. The statements, and the raw
    /// bytes and tables they read. `models`: the bronze models whose tables count (nil: all of them).
    /// `files`: the raw files of a table to load (default: data_raw/<table>.csv).
    public static func floorScript(project root: String, lake: String, models: Set<String>? = nil,
                                   files: ((String) -> [String])? = nil) throws -> (sql: String, bytes: Int, tables: Int) {
        var statements = ["ATTACH 'ducklake:sqlite:\(lake)/catalog.sqlite' AS floor (DATA_PATH '\(lake)/data/');"]
        if let codec = try lakeCompression(project: root) { statements.append("CALL floor.set_option('parquet_compression', '\(codec)');") }
        var bytes = 0, tables = 0
        for model in try FileManager.default.contentsOfDirectory(atPath: root + "/models/bronze").sorted() where model.hasSuffix(".sql") {
            let text = try String(contentsOfFile: root + "/models/bronze/" + model, encoding: .utf8)
            guard let call = text.range(of: "bronze_csv('") else { continue }
            let rest = text[call.upperBound...]
            let table = String(rest.prefix { $0 != "'" })
            if let models, !models.contains(String(model.dropLast(".sql".count))) { continue }
            let columns = rest.split(separator: "[", maxSplits: 1)[1].prefix { $0 != "]" }.split(separator: ",").map {
                let parts = $0.trimmingCharacters(in: CharacterSet(charactersIn: " '")).split(separator: " ", maxSplits: 1)
                return "'\(parts[0])': '\(parts[1])'"
            }
            let read = files?(table) ?? [root + "/data_raw/\(table).csv"]
            guard !read.isEmpty else { continue }
            for file in read { bytes += (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0 }
            tables += 1
            statements.append("CREATE TABLE floor.\(table) AS SELECT * FROM read_csv([\(read.map { "'\($0)'" }.joined(separator: ", "))], "
                              + "header = false, auto_detect = false, columns = {\(columns.joined(separator: ", "))}, quote = '', escape = '');")
        }
        return (statements.joined(separator: "\n"), bytes, tables)
    }

    /// The slowest nodes of a project's last run (target/run_results.json), by working time: the
    /// wall time less the wait for the lake's writer turn.
    public static func slowestNodes(project root: String, count: Int = 8) -> String {
        guard let data = FileManager.default.contents(atPath: root + "/target/run_results.json"),
              let results = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["results"] as? [[String: Any]] else { return "no run_results.json" }
        let slowest = results.compactMap { result -> (String, Double)? in
            guard let id = result["unique_id"] as? String, let time = result["execution_time"] as? Double else { return nil }
            let waited = (result["adapter_response"] as? [String: Any])?["lake_seconds_waiting_for_writer"] as? Double ?? 0
            // A generic test's id ends in a hash after its name (test.project.name.hash).
            let parts = id.split(separator: ".")
            let name = parts.first == "test" && parts.count > 3 ? String(parts[parts.count - 2]) : String(parts.last ?? "")
            return (name, time - waited)
        }.sorted { $0.1 > $1.1 }.prefix(count)
        return slowest.map { String(format: "%@ %.2f s", $0.0, $0.1) }.joined(separator: ", ")
    }

    /// The `compression:` of lake.yml's `lakehouse:` block, if it sets one.
    public static func lakeCompression(project root: String) throws -> String? {
        let text = try String(contentsOfFile: root + "/lake.yml", encoding: .utf8)
        return text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("compression:") }
            .map { $0.split(separator: ":", maxSplits: 1)[1].split(separator: "#")[0].trimmingCharacters(in: .whitespaces) }
    }
}


public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
