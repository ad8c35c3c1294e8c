import LakeCommandLine
import LakeKit

/// `lake alerts`: the project's open alerts (or all of them), as a table, CSV or JSON lines.
struct AlertsCommand: ParsableCommand {
    static let output = DefaultedOption<ResultFormatter.Format>("output", short: "o", valueName: "format",
                                                       help: "table, csv or json (one alert per line).", default: .table)
    static let all = Flag("all", help: "List resolved alerts too.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "alerts", abstract: "List the open alerts (the model lake.yml's alerts: names), newest and most severe first.",
                             arguments: ProjectOptions.definitions + [output.definition, all.definition])
    }

    let project: ProjectLocation
    let format: ResultFormatter.Format
    let all: Bool

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        format = try parsed.value(Self.output)
        all = parsed.isSet(Self.all)
    }

    func run() throws {
        print(try AlertList(projectDirectory: project.directory, profile: project.profile).render(all: all, format: format), terminator: "")
    }
}
