import Foundation
import LakeRunner

/// `lake run` on the lakehouse: the runner's full refresh (the forest scores as the ml nodes come
/// up, after their sources and tests), then the ingestion accounting.
public enum LakehouseRun {
    public static func run(projectDirectory: String, options: RunOptions, scoring: ForestScoring.Mode = .train,
                           output: @escaping (String) -> Void = { print($0, terminator: "") }) throws -> RunSummary {
        let started = Date()
        let executors: [String: any NodeExecutor] = ["isolation_forest": ForestScoring(mode: scoring, lakeVersion: LakeRunnerVersion.string)]
        let runner = try Runner(projectDirectory: projectDirectory, options: options, executors: executors, output: output)
        let summary = try runner.run()
        // The accounting follows any run that ingested (that ran the ingestion log's model).
        let ingested = summary.results.contains { $0.uniqueId.hasSuffix("." + IngestionReport.logModel) }
        if ingested, options.logFormat == .text, let report = try IngestionReport.read(warehouse: runner.warehouse, since: started) {
            output(report.text)
        }
        return summary
    }
}
