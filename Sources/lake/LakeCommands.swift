import LakeCommandLine
import LakeKit

/// `lake history`: the lake's runs and the snapshots each committed.
struct HistoryCommand: ParsableCommand {
    static let limit = Option<Int>("limit", short: "n", valueName: "runs", help: "How many of the latest runs to show.", default: "10")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "history", abstract: "List the lake's runs with their snapshots and what each changed.",
                             arguments: ProjectOptions.definitions + [limit.definition])
    }

    let project: ProjectLocation
    let limit: Int

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        limit = try parsed.value(Self.limit, default: 10)
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory)
        print(try LakeHistory.read(WarehouseLocation(settings: settings, root: project.directory)).text(limit: limit), terminator: "")
    }
}

/// `lake maintain`: merges small files, expires old snapshots, deletes unneeded files.
struct MaintainCommand: ParsableCommand {
    static let retention = Option<String>("retention", valueName: "interval",
                                          help: "Keep snapshots this recent, e.g. '7 days' (default: lakehouse.retention in lake.yml, else 7 days).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "maintain", abstract: "Merge small data files, expire old snapshots and delete files no snapshot needs.",
                             arguments: ProjectOptions.definitions + [retention.definition])
    }

    let project: ProjectLocation
    let retention: String?

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        retention = try parsed.value(Self.retention)
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory)
        print(try LakeMaintenance.run(WarehouseLocation(settings: settings, root: project.directory), retention: retention).text, terminator: "")
    }
}

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
        let settings = try ProjectSettings.load(projectDirectory: project.directory)
        try SQLShell(location: WarehouseLocation(settings: settings, root: project.directory), write: write)
            .exec(command.map { ["-c", $0] } ?? [])
    }
}
