import LakeCommandLine
import LakeKit

/// `lake run`, `lake test`, `lake seed`: one type, three scopes.
struct RunCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "run",
            abstract: "The full refresh: seeds, models and tests in dependency order.",
            discussion: "A model's dependents wait for its tests; a failing error-severity test skips them. "
                + "Writes target/manifest.json and target/run_results.json. Exit status 1 if anything failed.",
            arguments: ProjectOptions.definitions + RunOptionsArguments.execution)
    }

    static let scope = RunOptions.Scope.everything
    let project: ProjectLocation
    let options: RunOptions

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        options = try RunOptionsArguments.options(parsed, scope: Self.scope)
    }

    func run() throws {
        let summary = try Runner(projectDirectory: project.directory, options: options).run()
        if summary.failed { throw ExitCode.failure }
    }
}

struct TestCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "test", abstract: "Run the data tests against the warehouse as it is.",
                             arguments: ProjectOptions.definitions + RunOptionsArguments.execution)
    }
    let command: RunCommand
    init(parsed: ParsedArguments) throws {
        command = RunCommand(project: try ProjectOptions.location(parsed), options: try RunOptionsArguments.options(parsed, scope: .testsOnly))
    }
    func run() throws { try command.run() }
}

struct SeedCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "seed", abstract: "Load the seed CSV files as tables.",
                             arguments: ProjectOptions.definitions + RunOptionsArguments.execution)
    }
    let command: RunCommand
    init(parsed: ParsedArguments) throws {
        command = RunCommand(project: try ProjectOptions.location(parsed), options: try RunOptionsArguments.options(parsed, scope: .seedsOnly))
    }
    func run() throws { try command.run() }
}

extension RunCommand {
    init(project: ProjectLocation, options: RunOptions) {
        self.project = project
        self.options = options
    }
}
