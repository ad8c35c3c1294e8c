import LakeCommandLine
import LakeKit

/// Options every project command takes.
enum ProjectOptions {
    static let projectDir = Option<String>("project-dir", valueName: "dir",
                                           help: "The project's folder.", default: ".")

    static var definitions: [ArgumentDefinition] { [projectDir.definition] }

    static func location(_ parsed: ParsedArguments) throws -> ProjectLocation {
        ProjectLocation(directory: try parsed.value(projectDir, default: "."))
    }
}
