import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

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
        let settings = try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
        print(try LakeMaintenance.run(WarehouseLocation(settings: settings, root: project.directory), retention: retention).text, terminator: "")
    }
}
