import LakeTemplates
import LakeYAML
import TextSupport

/// dbt's configuration by folder: `models: { project: { +materialized: view, silver: { +materialized: table } } }`.
/// Keys with `+`, and known configuration names without it, are configuration; other keys are folders.
public struct FolderConfig: Sendable {
    public var config: [(String, JSONValue)] = []
    public var folders: [String: FolderConfig] = [:]

    public init() {}

    /// Every name dbt (and lake) accepts as configuration, so a bare `materialized:` is read as one.
    static let knownKeys: Set<String> = [
        "materialized", "tags", "schema", "alias", "database", "enabled", "unique_key", "incremental_strategy",
        "on_schema_change", "pre_hook", "pre-hook", "post_hook", "post-hook", "location", "format", "partition_by",
        "full_refresh", "persist_docs", "docs", "meta", "column_types", "quote_columns", "delimiter", "severity",
        "store_failures", "where", "warn_if", "error_if", "limit", "options", "grants", "contract", "group", "access",
        "max_rejected_fraction", "strategy", "unique_key", "updated_at", "check_cols", "target_schema", "target_database",
        "invalidate_hard_deletes", "hard_deletes", "dbt_valid_to_current", "snapshot_meta_column_names", "merge_update_columns",
        "merge_exclude_columns", "fail_calc", "event_time", "batch_size", "begin", "lookback", "concurrent_batches", "incremental_predicates",
    ]

    static func parse(_ node: YAMLNode, in document: YAMLDocument) throws -> FolderConfig {
        var result = FolderConfig()
        for (key, value, _) in try document.mapping(node, what: "folder configuration") {
            if key.hasPrefix("+") {
                result.config.append((String(key.dropFirst()), value.json))
            } else if knownKeys.contains(key) {
                result.config.append((key, value.json))
            } else {
                guard value.entries != nil || value.isNull else {
                    let hint = EditDistance.closest(to: key, among: Array(knownKeys)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw document.error("'\(key)' is neither a configuration key nor a folder\(hint); configuration keys may start with '+'", at: value)
                }
                result.folders[key] = try parse(value, in: document)
            }
        }
        return result
    }

    /// The configuration for a file in `folders` (relative to a model path), outermost first.
    public func resolve(folders path: [String]) -> NodeConfig {
        var merged = NodeConfig(config)
        var current = self
        for folder in path {
            guard let next = current.folders[folder] else { break }
            merged.merge(next.config)
            current = next
        }
        return merged
    }

    /// dbt's "unused configuration paths": every folder key (dotted from `prefix`) that matches no
    /// resource's folders-and-name path (`resources`, e.g. ["staging", "stg_orders"]).
    func unusedPaths(prefix: String, resources: [[String]]) -> [String] {
        var unused: [String] = []
        func walk(_ config: FolderConfig, _ path: [String]) {
            for (name, folder) in config.folders.sorted(by: { $0.key < $1.key }) {
                let nested = path + [name]
                if resources.contains(where: { $0.starts(with: nested) }) { walk(folder, nested) } else { unused.append(([prefix] + nested).joined(separator: ".")) }
            }
        }
        walk(self, [])
        return unused
    }

    /// The configuration with the Jinja in its values rendered by `render` (dbt renders
    /// dbt_project.yml as it loads it), rendered text read back as the value it spells (`False` a
    /// boolean, `3` a number). Hooks are left as written: they render with their node.
    func rendered(_ render: (String) throws -> String) throws -> FolderConfig {
        func renderedValue(_ value: JSONValue) throws -> JSONValue {
            try value.renderingJinja { text in JSONValue.native(try render(text)) }
        }
        var result = FolderConfig()
        result.config = try config.map { key, item in
            ["pre_hook", "pre-hook", "post_hook", "post-hook"].contains(key) ? (key, item) : (key, try renderedValue(item))
        }
        result.folders = try folders.mapValues { try $0.rendered(render) }
        return result
    }

    /// Drops the project-name level, which dbt requires and lake.yml may omit.
    func scoped(to projectName: String) -> FolderConfig {
        guard let inner = folders[projectName] else { return self }
        var merged = inner
        merged.config = config + inner.config
        for (name, folder) in folders where name != projectName { merged.folders[name] = folder }
        return merged
    }
}
