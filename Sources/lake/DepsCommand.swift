import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake deps`: installs the packages packages.yml lists into dbt_packages/, as `dbt deps` does.
struct DepsCommand: ParsableCommand {
    static let upgrade = Flag("upgrade", help: "Resolve the packages again even when package-lock.yml still matches packages.yml, and rewrite the lock.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "deps", abstract: "Install the packages packages.yml lists (local: and git:) into dbt_packages/, as package-lock.yml pins them.",
                             arguments: ProjectOptions.definitions + [upgrade.definition])
    }

    let project: ProjectLocation
    let upgrade: Bool

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        upgrade = parsed.isSet(Self.upgrade)
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
        let outcome = try PackageInstaller(root: project.directory, installPath: settings.packagesInstallPath).install(upgrade: upgrade)
        for line in outcome.lines { print(line) }
        if outcome.failed { throw ExitCode.failure }
    }
}
