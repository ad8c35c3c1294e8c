import Foundation
import LakeRunner

/// `lake ingest`: only the models that read raw files (those with a `raw_files` config), with what
/// they depend on and their tests; `forget` retracts files that left the landing folder.
public enum RawIngestRun {
    public static func run(projectDirectory: String, options: RunOptions,
                           output: @escaping (String) -> Void = { print($0, terminator: "") }) throws -> RunSummary {
        var options = options
        let graph = try Runner(projectDirectory: projectDirectory, options: options).listGraph()
        let readers = graph.order.compactMap { graph.nodes[$0] }.filter { $0.kind == .model && $0.config["raw_files"] != nil }
        guard !readers.isEmpty else { throw RunError("no model reads raw files (none sets raw_files; the bronze macros do)") }
        options.select = readers.map { "+" + $0.name }
        let summary = try LakehouseRun.run(projectDirectory: projectDirectory, options: options, output: output)
        let forgotten = Set(summary.results.compactMap(\.ingestion).flatMap { $0.files.filter { $0.action == .forgotten }.map(\.file) })
        // A file a model refused to forget (still in its landing folder) is explained by that model's error.
        let refusals = summary.results.filter { $0.status == .error }.map(\.message)
        let unknown = options.forget.filter { file in !forgotten.contains(file) && !refusals.contains { $0.contains(file) } }
        if !unknown.isEmpty {
            throw RunError("nothing forgotten for \(unknown.joined(separator: ", ")): the ingestion log has no such file "
                + "(name it as the log does, e.g. data_raw/pai_job_table/2020-07-01T00.csv)")
        }
        return summary
    }
}
