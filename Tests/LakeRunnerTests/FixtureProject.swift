import Foundation
import LakeDuckDB
import LakeRunner
import LakeTemplates

/// A copy of a fixture project in a temporary folder, removed when the value goes away.
final class FixtureProject {
    let root: String

    init(_ name: String = "shop") throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-\(name)-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: root)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    func write(_ relative: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path(relative) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path(relative), atomically: true, encoding: .utf8)
    }

    /// Runs lake on the project and returns the summary and what it printed.
    @discardableResult
    func run(_ configure: (inout RunOptions) -> Void = { _ in }) throws -> (summary: RunSummary, output: String) {
        var options = RunOptions()
        configure(&options)
        let printed = Printed()
        let summary = try Runner(projectDirectory: root, options: options, output: printed.append).run()
        return (summary, printed.text)
    }

    /// The rows of a model that reads what a template sees (dbt's `graph`, say): `sql` written as
    /// models/<name>.sql, built alone, and read back; a failed build throws with what lake printed.
    func probe(_ name: String, _ sql: String, warehouse: String = "dev.duckdb") throws -> [[DuckDBValue]] {
        try write("models/\(name).sql", sql)
        let (summary, output) = try run { $0.select = [name] }
        if summary.failed { throw LakeError("the probe model \(name) failed:\n\(output)") }
        return try query("SELECT * FROM \(name)", warehouse: warehouse).rows
    }

    /// `lake run-operation` on the project: the summary and what it printed.
    func runOperation(_ macro: String, arguments: [String: JSONValue] = [:]) throws -> (summary: RunSummary, output: String) {
        let printed = Printed()
        let summary = try Runner(projectDirectory: root, options: RunOptions(), output: printed.append).runOperation(macro, arguments: arguments)
        return (summary, printed.text)
    }

    /// A query against the warehouse, read-only, relative paths resolved from the project.
    func query(_ sql: String, warehouse: String = "data_lake/warehouse.duckdb") throws -> QueryResult {
        let connection = try Database(path: path(warehouse), configuration: .init(accessMode: .readOnly)).connect()
        try connection.execute("SET file_search_path = '\(root)'")
        return try connection.query(sql)
    }

    func json(_ relative: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(relative)))) as! [String: Any]
    }
}

final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = ""
    func append(_ text: String) { lock.lock(); storage += text; lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return storage }
}
