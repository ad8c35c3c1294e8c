import LakeTemplates

/// A macro's properties from a schema file's `macros:` (dbt's macro patch): what dbt's manifest
/// shows of it beside its SQL.
public struct MacroProperties: Sendable {
    public struct Argument: Sendable {
        public let name: String
        public let type: String?
        public let description: String
    }

    /// The package whose schema file declares it (the root project's name for its own): a patch
    /// applies to that package's macro of the name.
    public var package: String
    public let name: String
    public var description = ""
    public var arguments: [Argument] = []
    public var meta: JSONValue = .object([])
    public var showInDocs = true
    /// The schema file (dbt's `patch_path`, `<package>://<path>`).
    public let file: String

    static let keys: Set<String> = ["name", "description", "arguments", "docs", "meta", "config"]
}
