import LakeCommandLine
import TextSupport

/// A small command tree shaped like lake's, so the parser is tested without lake itself.
enum Color: String, CaseIterable, ArgumentValue { case red, green }

struct Root: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "tool", abstract: "A tool.", version: "tool 1.2.3",
                             subcommands: [Build.self, Paint.self, Group.self])
    }
}

struct Group: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "group", abstract: "Groups things.", subcommands: [Build.self])
    }
}

/// Records what it was built with, so tests can look.
nonisolated(unsafe) var lastBuild: Build?

struct Build: ParsableCommand {
    static let threads = DefaultedOption<Int>("threads", short: "t", valueName: "n", help: "Worker threads.", default: 4)
    static let select = MultiOption<String>("select", short: "s", valueName: "selector", help: "What to build.")
    static let quiet = Flag("quiet", short: "q", help: "Print less.")
    static let verbose = Flag("verbose", short: "v", help: "Print more.")
    static let target = Positional<String>("target", help: "Where to build.", required: false)

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "build", abstract: "Builds things.",
                             arguments: [threads.definition, select.definition, quiet.definition,
                                         verbose.definition, target.definition], aliases: ["make"])
    }

    let threads: Int
    let selection: [String]
    let quiet: Bool
    let verbose: Bool
    let target: String?

    init(parsed: ParsedArguments) throws {
        threads = try parsed.value(Self.threads)
        selection = try parsed.values(Self.select)
        quiet = parsed.isSet(Self.quiet)
        verbose = parsed.isSet(Self.verbose)
        target = try parsed.value(Self.target)
    }

    func run() throws { lastBuild = self }
}

struct Paint: ParsableCommand {
    static let color = Option<Color>("color", valueName: "color", help: "The colour.")
    static let files = Positional<String>("file", help: "Files to paint.", repeating: true)
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "paint", abstract: "Paints files.", arguments: [color.definition, files.definition])
    }
    init(parsed: ParsedArguments) throws {
        _ = try parsed.value(Self.color)
        if try parsed.values(Self.files).contains("fail") { throw ExitCode(7) }
        if try parsed.values(Self.files).contains("error") { throw Failure() }
        if try parsed.values(Self.files).contains("located") { throw Located() }
    }
    struct Failure: Error, CustomStringConvertible { var description: String { "it broke" } }
    struct Located: LocatedError { var description: String { "paint.yml:3:5: error: no such colour\n 3 | c: mauve\n   |    ^" } }
    func run() throws {}
}

/// Runs the tool and captures everything it printed.
func runTool(_ arguments: String...) -> (status: Int32, output: String, error: String) {
    nonisolated(unsafe) var output = "", error = ""
    let tool = CommandLineTool(root: Root.self, standardOutput: { output += $0 }, standardError: { error += $0 })
    let status = tool.run(arguments)
    return (status, output, error)
}
