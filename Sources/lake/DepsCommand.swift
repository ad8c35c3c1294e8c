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
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "deps", abstract: "Install the packages packages.yml lists (local: and git:) into dbt_packages/.",
                             arguments: ProjectOptions.definitions)
    }

    let project: ProjectLocation

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
        let outcome = try PackageInstaller(root: project.directory, installPath: settings.packagesInstallPath).install()
        for line in outcome.lines { print(line) }
        if outcome.failed { throw ExitCode.failure }
    }
}
