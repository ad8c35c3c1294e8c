import Foundation
import LakeRunner
import TextSupport

/// `lake ingest`: only the models that read raw files (those with a `raw_files` config), with what
/// they depend on and their tests; `forget` retracts files that left the landing folder.
public enum RawIngestRun {
    public static func run(projectDirectory: String, options: RunOptions,
                           output: @escaping (String) -> Void = { print($0, terminator: "") }) throws -> RunSummary {
        var options = options
        let planner = try Runner(projectDirectory: projectDirectory, options: options)
        options.forget = options.forget.map { logName(of: $0, root: planner.project.root) }
        let graph = try planner.listGraph()
        let readers = graph.order.compactMap { graph.nodes[$0] }.filter { $0.kind == .model && $0.config["raw_files"] != nil }
        guard !readers.isEmpty else { throw LakeError("no model reads raw files (none sets raw_files; the bronze macros do)") }
        options.select = readers.map { "+" + $0.name }
        let summary = try LakehouseRun.run(projectDirectory: projectDirectory, options: options, output: output)
        let forgotten = Set(summary.results.compactMap(\.ingestion).flatMap { $0.files.filter { $0.action == .forgotten }.map(\.file) })
        // A file a model refused to forget (still in its landing folder) is explained by that model's error.
        let refusals = summary.results.filter { $0.status == .error }.map(\.message)
        let unknown = options.forget.filter { file in !forgotten.contains(file) && !refusals.contains { $0.contains(file) } }
        if !unknown.isEmpty {
            // What can be forgotten: the files that left their landing folders.
            let gone = summary.results.compactMap(\.ingestion).flatMap { $0.files.filter { $0.action == .vanished }.map(\.file) }
            var near: [String] = []
            for file in unknown { for match in EditDistance.closest(to: file, among: gone, limit: 3) where !near.contains(match) { near.append(match) } }
            let listed = near.isEmpty ? Array(gone.prefix(5)) + (gone.count > 5 ? ["…"] : []) : near
            let hint = gone.isEmpty ? "no file has left its landing folder" : "files that left their landing folders: " + listed.joined(separator: ", ")
            throw LakeError("nothing forgotten for \(unknown.joined(separator: ", ")): the ingestion log has no such file (\(hint))")
        }
        return summary
    }

    /// The log names a file from the project's root (data_raw/x.csv); people also type ./data_raw/x.csv
    /// or the absolute path their shell completed.
    static func logName(of file: String, root: String) -> String {
        var name = file
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        if name.hasPrefix("/") {
            let absolute = URL(fileURLWithPath: name).standardizedFileURL.path
            if absolute.hasPrefix(base + "/") { name = String(absolute.dropFirst(base.count + 1)) }
        }
        while name.hasPrefix("./") { name.removeFirst(2) }
        return name
    }
}
