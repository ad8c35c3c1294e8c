import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake run`, `lake test` and `lake seed` differ only in which nodes they execute.
protocol ScopedRunCommand: ParsableCommand {
    static var name: String { get }
    static var abstract: String { get }
    static var discussion: String { get }
    static var aliases: [String] { get }
    static var scope: RunOptions.Scope { get }
    init(project: ProjectLocation, options: RunOptions)
    var project: ProjectLocation { get }
    var options: RunOptions { get }
}

extension ScopedRunCommand {
    static var discussion: String { "" }
    static var aliases: [String] { [] }

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: name, abstract: abstract, discussion: discussion,
                             arguments: ProjectOptions.definitions + RunOptionsArguments.execution, aliases: aliases)
    }

    init(parsed: ParsedArguments) throws {
        self.init(project: try ProjectOptions.location(parsed), options: try RunOptionsArguments.options(parsed, scope: Self.scope))
    }

    func run() throws {
        RunInterruption.shared.install()
        let summary = try LakehouseRun.run(projectDirectory: project.directory, options: options)
        if summary.failed { throw ExitCode(summary.exitCode) }
    }
}

struct RunCommand: ScopedRunCommand {
    static let name = "run"
    static let abstract = "The full refresh: seeds, models and tests in dependency order."
    static let discussion = "A model's dependents wait for its tests; a failing error-severity test skips them. "
        + "Writes target/manifest.json and target/run_results.json. Exit status 1 if anything failed."
    static let scope = RunOptions.Scope.everything
    /// dbt's `build` (seeds, models, snapshots and tests in one DAG) is what `lake run` does.
    static let aliases = ["build"]
    let project: ProjectLocation
    let options: RunOptions
}

struct TestCommand: ScopedRunCommand {
    static let name = "test"
    static let abstract = "Run the data tests against the warehouse as it is."
    static let scope = RunOptions.Scope.testsOnly
    let project: ProjectLocation
    let options: RunOptions
}

struct SnapshotCommand: ScopedRunCommand {
    static let name = "snapshot"
    static let abstract = "Run the snapshots: record how each row their queries select has changed (dbt's snapshots)."
    static let scope = RunOptions.Scope.snapshotsOnly
    let project: ProjectLocation
    let options: RunOptions
}

struct SeedCommand: ScopedRunCommand {
    static let name = "seed"
    static let abstract = "Load the seed CSV files as tables."
    static let scope = RunOptions.Scope.seedsOnly
    let project: ProjectLocation
    let options: RunOptions
}
