import Foundation
import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// Options every project command takes.
enum ProjectOptions {
    static let projectDir = DefaultedOption<String>("project-dir", valueName: "dir",
                                           help: "The project's folder.", default: ".")

    static let target = Option<String>("target", short: "t", valueName: "name",
                                       help: "A dbt project's profile target (default: DBT_TARGET, else the profile's target:).")
    static let profilesDir = Option<String>("profiles-dir", valueName: "dir",
                                            help: "Where a dbt project's profiles.yml is (default: DBT_PROFILES_DIR, else the working directory, the project, ~/.dbt/).")

    static var definitions: [ArgumentDefinition] { [projectDir.definition, target.definition, profilesDir.definition] }

    static func location(_ parsed: ParsedArguments) throws -> ProjectLocation {
        var location = ProjectLocation(directory: try parsed.value(projectDir))
        location.profile = ProfileSelection(target: try parsed.value(target), profilesDirectory: try parsed.value(profilesDir))
        // A dbt profile's relative paths resolve where lake runs, as dbt-duckdb's do.
        location.profile.workingDirectory = FileManager.default.currentDirectoryPath
        return location
    }
}
