import Foundation
import LakeTemplates

/// Which profiles.yml and target a dbt project runs with, as dbt chooses them: `--profiles-dir`
/// (else `DBT_PROFILES_DIR`), else profiles.yml in the working directory, the project, `~/.dbt/`;
/// `--target` (else `DBT_TARGET`), else the profile's `target:`.
public struct ProfileSelection: Sendable {
    public var target: String?
    public var profilesDirectory: String?
    /// `--vars`, which profiles.yml's Jinja may read with var().
    public var variables: [String: JSONValue] = [:]
    public var environment: [String: String]
    /// Where relative paths of a dbt profile resolve (its DuckDB file, attachments, a DuckLake's
    /// catalog and data) and the SQL's relative file paths first: the directory dbt was started in,
    /// as dbt-duckdb hands them to DuckDB unchanged. The command line sets it to its working
    /// directory; nil (a library caller naming a project) resolves them in the project folder.
    public var workingDirectory: String?

    public init(target: String? = nil, profilesDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.target = target ?? environment["DBT_TARGET"].flatMap { $0.isEmpty ? nil : $0 }
        self.profilesDirectory = profilesDirectory ?? environment["DBT_PROFILES_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The profiles.yml to read for a project in `root`, and how it is named in messages; nil when
    /// there is none. A directory named explicitly must hold one.
    func profilesFile(root: String) throws -> (path: String, displayName: String)? {
        if let folder = profilesDirectory {
            let path = (folder as NSString).appendingPathComponent("profiles.yml")
            guard FileManager.default.fileExists(atPath: path) else {
                throw ProjectError("no profiles.yml in \(folder) (named by --profiles-dir or DBT_PROFILES_DIR)")
            }
            return (path, path)
        }
        let candidates = [((workingDirectory ?? FileManager.default.currentDirectoryPath) as NSString).appendingPathComponent("profiles.yml"),
                          (root as NSString).appendingPathComponent("profiles.yml"),
                          (NSHomeDirectory() as NSString).appendingPathComponent(".dbt/profiles.yml")]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        return (path, path == candidates[1] ? "profiles.yml" : path)
    }

    /// A profile value with its Jinja rendered, as dbt renders profiles.yml: `env_var()` (secrets
    /// included, which only a profile may read) and `var()` from `--vars`.
    /// `globals` adds names (dbt_project.yml's values also see `target`); `vars` are the project's, under `--vars`.
    func render(_ text: String, name: String, globals: [String: Value] = [:], vars: [String: JSONValue] = [:]) throws -> String {
        guard text.contains("{{") || text.contains("{%") else { return text }
        let environment = self.environment, variables = vars.merging(self.variables) { _, new in new }
        var context: [String: Value] = [
            "env_var": .function(Function("env_var") { arguments in
                let name = try arguments.string(0, "var")
                if let value = environment[name] { return .string(value) }
                if let fallback = arguments.value(1, "default") { return fallback }
                throw TemplateFailure("env_var('\(name)'): the environment variable is not set and no default was given")
            }),
            "var": .function(Function("var") { arguments in
                let name = try arguments.string(0, "name")
                if let value = variables[name] { return value.templateValue }
                if let fallback = arguments.value(1, "default") { return fallback }
                throw TemplateFailure("required var '\(name)' is not set: pass --vars '{\(name): …}'")
            }),
        ]
        context.merge(globals) { _, given in given }
        return try TemplateEnvironment().render(Template(name: name, text: text), context: context)
    }
}
