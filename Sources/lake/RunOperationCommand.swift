import LakeCommandLine
import LakeKit
import LakeRunner

/// `lake run-operation MACRO --args '{…}'`: dbt's run-operation, one macro called against the warehouse.
struct RunOperationCommand: ParsableCommand {
    static let macro = Positional<String>("macro", help: "The macro to call: its name, or package.name.")
    static let args = Option<String>("args", valueName: "yaml", help: "The macro's keyword arguments, as YAML: '{name: x, n: 3}'.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "run-operation", abstract: "Call a macro against the warehouse, as dbt run-operation does.",
                             discussion: "Its run_query and statement calls run with execute true; log(..., info=True) and print lines are shown. "
                                + "The call is the one result in target/run_results.json.",
                             arguments: ProjectOptions.definitions + [RunOptionsArguments.vars.definition, RunOptionsArguments.waitForLock.definition,
                                                                      args.definition, macro.definition])
    }
    let project: ProjectLocation
    let options: RunOptions
    let macro: String
    let arguments: [String: JSONValue]

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        var options = RunOptions()
        options.profile = project.profile
        options.waitForLock = try parsed.value(RunOptionsArguments.waitForLock)
        if let text = try parsed.value(RunOptionsArguments.vars) { options.variables = try VarsArgument.parse(text) }
        self.options = options
        macro = try parsed.value(Self.macro)!
        arguments = try parsed.value(Self.args).map { try VarsArgument.parse($0, option: "--args") } ?? [:]
    }

    func run() throws {
        let summary = try Runner(projectDirectory: project.directory, options: options).runOperation(macro, arguments: arguments)
        if summary.failed { throw ExitCode(summary.exitCode) }
    }
}
