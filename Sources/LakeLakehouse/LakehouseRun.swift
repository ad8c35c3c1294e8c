import Foundation
import LakeIngest
import LakeRunner

/// `lake run` on the lakehouse: the runner's full refresh (the forest scores as the ml nodes come
/// up, after their sources and tests), with the ingestion accounting before the run's summary.
public enum LakehouseRun {
    public static func run(projectDirectory: String, options: RunOptions, scoring: ForestScoring.Mode = .train,
                           output: @escaping (String) -> Void = { print($0, terminator: "") }) throws -> RunSummary {
        let started = Date()
        let executors: [String: any NodeExecutor] = ["isolation_forest": ForestScoring(mode: scoring, lakeVersion: LakeRunnerVersion.string)]
        let runner = try Runner(projectDirectory: projectDirectory, options: options, executors: executors, output: output)
        let root = runner.project.root
        runner.accounting = { results, connection, rawFileLocations in
            guard options.logFormat == .text, var report = try IngestionReport.make(results, on: connection, since: started) else { return nil }
            report.unclaimed = UnclaimedRawFiles.find(root: root, locations: rawFileLocations)
            return report.text
        }
        return try runner.run()
    }
}
