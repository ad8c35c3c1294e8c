import Foundation
import LakeDuckDB
import LakeIngest
import LakeProject
import LakeRunner
import LakeTemplates

/// `lake doctor`: what an unattended lake needs, checked one by one — the DuckDB library against
/// the project's pin and the DuckDB CLI beside it, the extensions the lake loads, the warehouse's
/// (catalog's and data path's) folders reachable and writable with room on their disk, each raw
/// folder readable and fresh (its newest file against the model's `freshness:`), each source with
/// a `freshness:` and `loaded_at_field` as dbt's `source freshness` checks it, and the last run's
/// status and age. Every problem is a line; none means the lake is fit to run.
public struct LakeDoctor {
    public struct Finding: Sendable, Equatable {
        public let ok: Bool
        public let line: String
    }

    public struct Options: Sendable {
        /// The DuckDB CLI to compare (nil: `duckdb` on the PATH).
        public var cli: String?
        /// Less free disk than this under the lake is a problem.
        public var minimumFreeBytes: Int64 = 1 << 30
        /// A last run older than this is a problem (nil: any age).
        public var maximumRunAge: TimeInterval? = 25 * 3600
        public var now = Date()
        public init() {}
    }

    let project: Project
    let options: Options

    public init(projectDirectory: String, options: Options = Options()) throws {
        project = try Project.load(root: projectDirectory)
        self.options = options
    }

    public func examine() -> [Finding] {
        var findings: [Finding] = []
        func check(_ ok: Bool, _ line: String) { findings.append(Finding(ok: ok, line: line)) }
        let location = WarehouseLocation(project: project)

        // DuckDB: the library, its pin, the CLI beside it.
        let library = Database.libraryVersion
        let pinFile = project.path("scripts/duckdb.version")
        if let pin = try? String(contentsOfFile: pinFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
            check(library == "v" + pin || library == pin, "DuckDB library \(library); the project pins \(pin) (scripts/duckdb.version)")
        } else {
            check(true, "DuckDB library \(library)")
        }
        if let cli = Self.cliVersion(options.cli) {
            check(cli.hasPrefix(library), "DuckDB CLI \(cli)" + (cli.hasPrefix(library) ? "" : ": not the library's \(library), so it may not open what lake writes"))
        } else {
            check(false, "no DuckDB CLI (\(options.cli ?? "duckdb on the PATH")) to read the lake with; run scripts/bootstrap")
        }

        // The extensions the lake needs load from the files bootstrap installed.
        var needed: [String] = []
        if let lakehouse = location.lakehouse {
            needed.append("ducklake")
            if case .sqlite = lakehouse.catalog { needed.append("sqlite") }
            if case .postgres = lakehouse.catalog { needed.append("postgres") }
        }
        needed += location.extensions
        for name in needed {
            do {
                let connection = try Database(configuration: DatabaseConfiguration(options: Warehouse.lockedDownOptions)).connect()
                try connection.execute("LOAD \(name)")
                check(true, "extension \(name) loads")
            } catch {
                check(false, "extension \(name) does not load: \(error); run scripts/bootstrap")
            }
        }

        // Where the lake writes: reachable, writable, room to grow.
        var places: [(String, String)] = []
        if let lakehouse = location.lakehouse {
            if let file = lakehouse.catalog.file { places.append(("catalog", (location.path(file) as NSString).deletingLastPathComponent)) }
            if !location.dataPathIsURL { places.append(("data path", location.dataPath)) }
        } else if location.file != ":memory:" {
            places.append(("warehouse", (location.file as NSString).deletingLastPathComponent))
        }
        for (what, folder) in places {
            let existing = Self.nearestExisting(folder)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: existing, isDirectory: &isFolder), isFolder.boolValue else {
                check(false, "the \(what) folder \(folder) cannot be made: \(existing) is a file")
                continue
            }
            guard access(existing, W_OK) == 0 else { check(false, "the \(what) folder \(existing) is not writable"); continue }
            var stats = statvfs()
            if statvfs(existing, &stats) == 0 {
                let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
                check(free >= options.minimumFreeBytes, "the \(what) folder \(folder): \(Self.gigabytes(free)) free"
                      + (free >= options.minimumFreeBytes ? "" : ", under the \(Self.gigabytes(options.minimumFreeBytes)) a run needs"))
            } else {
                check(true, "the \(what) folder \(folder) is writable")
            }
        }

        // Raw folders (models reading `raw_files`) and sources with a freshness rule.
        var compiled: ProjectGraph?
        do {
            compiled = try ProjectCompiler.compile(project)
        } catch {
            check(false, "the project does not compile: \(error)")
        }
        if let graph = compiled {
            for node in graph.nodes.values.sorted(by: { $0.name < $1.name }) where node.kind == .model {
                guard case .object(let raw)? = node.config["raw_files"], let folder = raw.first(where: { $0.0 == "location" })?.1.stringValue else { continue }
                let landing = RawLandingSummary(root: project.root, location: folder)
                for (file, why) in landing.unreadable.prefix(3) { check(false, "\(node.name): \(file) will not be read: \(why)") }
                guard landing.readable > 0 else {
                    check(node.config["freshness"] == nil, "\(node.name): no raw files under \(folder)(.csv…, /)")
                    continue
                }
                let newest = landing.newest
                findings.append(freshness(of: "\(node.name) (\(folder))", newest: newest, rule: node.config["freshness"]))
            }
            // Before the first run there is no warehouse to ask (the last-run check says so).
            // The warehouse is opened once, for all the sources that have a freshness rule.
            let linker = Linker(graph: graph, project: project)
            var reader: Result<(warehouse: Warehouse, connection: Connection), Error>?
            for node in graph.nodes.values.sorted(by: { $0.name < $1.name }) where node.kind == .source && location.exists {
                guard let source = node.source, let rule = source.freshness, let field = source.loadedAtField else { continue }
                do {
                    if reader == nil { reader = Result { let warehouse = try Warehouse.open(location, .read); return (warehouse, try warehouse.connect()) } }
                    let newest = try reader!.get().connection.query("SELECT epoch_us(max(\(field))::TIMESTAMP) FROM \(linker.sourceText(source))")
                        .scalar(Int.self).map { Date(timeIntervalSince1970: Double($0) / 1e6) }
                    findings.append(freshness(of: "source \(node.name)", newest: newest, rule: rule))
                } catch {
                    check(false, "source \(node.name): its freshness could not be read: \(error)")
                }
            }
        }

        // The last run: its status and age.
        if let run = RunResultsFile.last(inProject: project.root) {
            let failed = run.results.filter { ["error", "fail"].contains($0.status) }.map(\.uniqueId)
            let id = run.metadata.invocationId
            check(failed.isEmpty, "the last run (\(id)) " + (failed.isEmpty ? "succeeded" : "had \(failed.count) failure\(failed.count == 1 ? "" : "s"): \(failed.prefix(5).joined(separator: ", "))"))
            if let generated = Self.isoDate(run.metadata.generatedAt) {
                let age = options.now.timeIntervalSince(generated)
                let tooOld = options.maximumRunAge.map { age > $0 } ?? false
                check(!tooOld, "the last run finished \(Self.duration(age)) ago" + (tooOld ? ", longer than \(Self.duration(options.maximumRunAge!))" : ""))
            }
        } else {
            check(false, "no run yet (target/run_results.json): run `lake run`")
        }
        return findings
    }

    /// dbt's freshness rule (`warn_after` / `error_after`: `{count, period}`) on the newest data.
    private func freshness(of what: String, newest: Date?, rule: JSONValue?) -> Finding {
        guard let newest else { return Finding(ok: rule == nil, line: "\(what) holds no data yet") }
        let age = options.now.timeIntervalSince(newest)
        func limit(_ key: String) -> TimeInterval? {
            guard case .object(let pairs)? = rule, case .object(let after)? = pairs.first(where: { $0.0 == key })?.1,
                  let count = after.first(where: { $0.0 == "count" })?.1.doubleValue,
                  let period = after.first(where: { $0.0 == "period" })?.1.stringValue else { return nil }
            return count * (["minute": 60, "hour": 3600, "day": 86_400][period] ?? 3600)
        }
        if let error = limit("error_after"), age > error {
            return Finding(ok: false, line: "\(what): newest data \(Self.duration(age)) old, past its error_after of \(Self.duration(error))")
        }
        if let warn = limit("warn_after"), age > warn {
            return Finding(ok: false, line: "\(what): newest data \(Self.duration(age)) old, past its warn_after of \(Self.duration(warn))")
        }
        return Finding(ok: true, line: "\(what): newest data \(Self.duration(age)) old")
    }

    static func cliVersion(_ given: String?) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: given ?? "/usr/bin/env")
        process.arguments = given == nil ? ["duckdb", "--version"] : ["--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func nearestExisting(_ path: String) -> String {
        var current = path
        while !FileManager.default.fileExists(atPath: current), current != "/", !current.isEmpty {
            current = (current as NSString).deletingLastPathComponent
        }
        return current.isEmpty ? "/" : current
    }

    private static func gigabytes(_ bytes: Int64) -> String { String(format: "%.1f GB", Double(bytes) / 1e9) }

    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 120 { return "\(Int(seconds)) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return String(format: "%.1f h", seconds / 3600) }
        return String(format: "%.1f days", seconds / 86_400)
    }

    private static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
