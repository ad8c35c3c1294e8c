import Foundation
import LakeRunner

/// `lake run` on the lakehouse: the runner's full refresh, then the ingestion accounting. (The
/// scoring step joins here once the forest exists.)
public enum LakehouseRun {
    public static func run(projectDirectory: String, options: RunOptions, output: @escaping (String) -> Void = { print($0, terminator: "") }) throws -> RunSummary {
        let started = Date()
        let runner = try Runner(projectDirectory: projectDirectory, options: options, output: output)
        let summary = try runner.run()
        // The accounting follows any run that ingested (that ran the ingestion log's model).
        let ingested = summary.results.contains { $0.uniqueId.hasSuffix("." + IngestionReport.logModel) }
        if ingested, options.logFormat == .text, let report = try IngestionReport.read(warehouse: runner.warehousePath, since: started) {
            output(report.text)
        }
        return summary
    }
}
