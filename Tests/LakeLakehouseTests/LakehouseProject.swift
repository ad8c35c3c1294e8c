import Foundation
import LakeDuckDB
import LakeLakehouse
import LakeProject
import LakeRunner

/// A copy of the repository's lakehouse (lake.yml, models, macros, tests) in a temporary folder,
/// with the shipped sample or other raw data.
final class LakehouseProject {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    let root: String

    init(withSample: Bool = true, folderName: String = "lake-house") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(folderName)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/data_raw", withIntermediateDirectories: true)
        for item in ["lake.yml", "models", "seeds", "sql", "tests"] {
            try FileManager.default.copyItem(atPath: Self.repository + "/" + item, toPath: root + "/" + item)
        }
        if withSample {
            for file in try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/data_raw") where file.hasSuffix(".csv") {
                try FileManager.default.copyItem(atPath: Self.repository + "/data_raw/" + file, toPath: root + "/data_raw/" + file)
            }
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { root + "/" + relative }

    /// Writes raw lines (no header) for a trace table, as one file or a file in the table's folder.
    func writeRaw(_ name: String, _ lines: [String]) throws {
        let target = path("data_raw/" + name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: target, atomically: true, encoding: .utf8)
    }

    func lines(_ name: String) throws -> [String] {
        try String(contentsOfFile: path("data_raw/" + name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func generate(scale: Double, days: Int, seed: Int = 7) throws {
        var settings = TraceGenerator.Settings(output: path("data_raw"), machineSpec: Self.repository + "/data_raw/pai_machine_spec.csv")
        settings.scale = scale
        settings.days = days
        settings.seed = seed
        _ = try TraceGenerator(settings: settings).run()
    }

    @discardableResult
    func run(_ configure: (inout RunOptions) -> Void = { _ in }) throws -> (summary: RunSummary, output: String) {
        var options = RunOptions()
        options.threads = 2
        configure(&options)
        nonisolated(unsafe) var printed = ""
        let summary = try LakehouseRun.run(projectDirectory: root, options: options) { printed += $0 }
        return (summary, printed)
    }

    /// Where the copy keeps its tables: the shipped project's DuckLake.
    var location: WarehouseLocation { WarehouseLocation(settings: try! ProjectSettings.load(projectDirectory: root), root: root) }

    /// A read of the lake's last committed snapshot, as `lake query` reads it.
    func query(_ sql: String) throws -> QueryResult { try reader().query(sql) }

    /// A reader's connection, for many queries of one snapshot.
    func reader() throws -> Connection { try Warehouse.open(location, .read).connect() }

    func count(_ sql: String) throws -> Int { try query(sql).scalar(Int.self) ?? -1 }
}
