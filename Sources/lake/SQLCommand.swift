import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake sql`: the duckdb CLI with the warehouse open.
struct SQLCommand: ParsableCommand {
    static let write = Flag("write", help: "Open the lake for writing (default: read-only, beside any run).")
    static let command = Option<String>("command", short: "c", valueName: "sql", help: "Run SQL and exit instead of the interactive shell.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "sql", abstract: "Open the duckdb CLI with the project's lake or warehouse attached (read-only unless --write).",
                             arguments: ProjectOptions.definitions + [write.definition, command.definition])
    }

    let project: ProjectLocation
    let write: Bool
    let command: String?

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        write = parsed.isSet(Self.write)
        command = try parsed.value(Self.command)
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
        try SQLShell(location: WarehouseLocation(settings: settings, root: project.directory), write: write)
            .exec(command.map { ["-c", $0] } ?? [])
    }
}
