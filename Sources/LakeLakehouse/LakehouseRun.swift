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
        let settings = runner.project.settings
        if let command = settings.onAlert, let model = settings.alertsModel {
            let notifier = AlertNotifier(command: command, projectRoot: root)
            runner.afterCommits = { results, connection, find in
                guard let alerts = find(model) else { return "WARN on_alert: lake.yml's alerts: names '\(model)', which is no model\n" }
                // Only a run that built the alerts model has new alerts to tell.
                guard results.contains(where: { $0.uniqueId == alerts.id && $0.status == .success }) else { return nil }
                do {
                    return notifier.deliver(try AlertNotifier.newAlerts(in: alerts.relation, runId: runner.invocationId, on: connection),
                                            runId: runner.invocationId)
                } catch {
                    return "WARN on_alert: could not read the new alerts from \(model): \(error)\n"
                }
            }
        }
        return try runner.run()
    }
}
