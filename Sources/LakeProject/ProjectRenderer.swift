import LakeTemplates
import LakeYAML

/// The Jinja dbt renders while it loads a project, before any node: dbt_project.yml's
/// configuration (the root project's and each package's) and the properties in schema YAML, with
/// `target`, `var()` (the project's vars under `--vars`) and `env_var()`.
struct ProjectRenderer {
    let selection: ProfileSelection
    let target: TargetInfo
    let vars: [String: JSONValue]

    init(settings: ProjectSettings, selection: ProfileSelection, root: String) {
        self.selection = selection
        target = TargetInfo(name: settings.targetName, schema: settings.targetSchema, threads: settings.threads, path: settings.warehouse,
                            projectDirectory: root)
        vars = settings.vars
    }

    /// `text` rendered; `place` names where it is written, for errors.
    func render(_ text: String, place: String) throws -> String {
        do {
            return try selection.render(text, name: place, globals: ["target": target.templateValue], vars: vars)
        } catch {
            throw ProjectError("\(place): \(text): \(error)")
        }
    }

    func render(_ config: FolderConfig, place: String) throws -> FolderConfig {
        try config.rendered { try render($0, place: place) }
    }

    /// A schema file's section (`models`, `seeds`, `snapshots`, `sources`) with its values rendered,
    /// but not what dbt renders later: descriptions, tests and their arguments, hooks
    /// (dbt-core's SchemaYamlRenderer).
    func render(section key: String, _ node: YAMLNode, place: String) throws -> YAMLNode {
        try node.replacingScalars { path, text in
            guard text.contains("{{") || text.contains("{%") else { return nil }
            // path: [entry index, key, …]; a source's tables add [tables, index].
            var keys = Array(path.dropFirst())
            if key == "sources" {
                if ["description", "loaded_at_query"].contains(keys.first) { return nil }
                if keys.first == "tables" { keys = Array(keys.dropFirst(2)) } else if keys.first != "config" { return try render(text, place: place) }
            }
            return Self.renderedLater(keys) ? nil : try render(text, place: place)
        }
    }

    /// dbt's _is_norender_key, on a path within one entry (list positions included).
    private static func renderedLater(_ keys: [String]) -> Bool {
        let later: Set<String> = ["tests", "data_tests", "description", "loaded_at_query"]
        if let first = keys.first, later.contains(first) { return true }
        if keys.count >= 2, keys[0] == "config", ["pre_hook", "post_hook", "pre-hook", "post-hook", "loaded_at_query"].contains(keys[1]) { return true }
        // columns: [index, key, ...]; versions: [index, description | columns...]
        if keys.count >= 3, ["columns", "versions"].contains(keys[0]), later.contains(keys[2]) { return true }
        if keys.count >= 5, keys[0] == "versions", keys[2] == "columns", later.contains(keys[4]) { return true }
        return false
    }
}
