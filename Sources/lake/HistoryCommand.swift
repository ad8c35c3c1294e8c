import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake history`: the lake's runs and the snapshots each committed.
struct HistoryCommand: ParsableCommand {
    static let limit = DefaultedOption<Int>("limit", short: "n", valueName: "runs", help: "How many of the latest runs to show.", default: 10)

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "history", abstract: "List the lake's runs with their snapshots and what each changed.",
                             arguments: ProjectOptions.definitions + [limit.definition])
    }

    let project: ProjectLocation
    let limit: Int

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        limit = try parsed.value(Self.limit)
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
        print(try LakeHistory.read(WarehouseLocation(settings: settings, root: project.directory)).text(limit: limit), terminator: "")
    }
}
