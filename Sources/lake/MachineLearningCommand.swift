import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake ml`: the anomaly detectors declared under `ml:` in lake.yml.
struct MachineLearningCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "ml", abstract: "Train and score the anomaly detectors declared under ml: in lake.yml.",
                             subcommands: [TrainCommand.self, ScoreCommand.self])
    }
}

/// `lake ml train` and `lake ml score` differ only in whether the model is trained or loaded.
protocol MachineLearningStep: ParsableCommand {
    static var name: String { get }
    static var abstract: String { get }
    static var mode: ForestScoring.Mode { get }
    init(project: ProjectLocation, models: [String])
    var project: ProjectLocation { get }
    var models: [String] { get }
}

enum MachineLearningArguments {
    static let model = MultiOption<String>("model", short: "m", valueName: "name", help: "The ml entries to run, by name (default: all).")
}

extension MachineLearningStep {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: name, abstract: abstract,
                             arguments: ProjectOptions.definitions + [MachineLearningArguments.model.definition])
    }

    init(parsed: ParsedArguments) throws {
        self.init(project: try ProjectOptions.location(parsed), models: try parsed.values(MachineLearningArguments.model))
    }

    func run() throws {
        let project = try Project.load(root: self.project.directory, profile: self.project.profile)
        let entries = project.settings.machineLearning
        guard !entries.isEmpty else { throw LakeError("lake.yml declares no ml: entries") }
        var outputs: [String] = []
        for name in models.isEmpty ? entries.map(\.name) : models {
            guard let entry = entries.first(where: { $0.name == name }) else {
                throw LakeError("no ml entry named '\(name)' (lake.yml has \(entries.map(\.name).joined(separator: ", ")))")
            }
            outputs.append(entry.output)
        }
        var options = RunOptions()
        options.select = outputs
        let summary = try LakehouseRun.run(projectDirectory: self.project.directory, options: options, scoring: Self.mode)
        if summary.failed { throw ExitCode.failure }
    }
}

struct TrainCommand: MachineLearningStep {
    static let name = "train"
    static let abstract = "Train on the source model, save data_lake/models/<name>.json, and write the scored table."
    static let mode = ForestScoring.Mode.train
    let project: ProjectLocation
    let models: [String]
}

struct ScoreCommand: MachineLearningStep {
    static let name = "score"
    static let abstract = "Score the source model's rows with the saved model (no training) and write the scored table."
    static let mode = ForestScoring.Mode.scoreWithSavedModel
    let project: ProjectLocation
    let models: [String]
}
