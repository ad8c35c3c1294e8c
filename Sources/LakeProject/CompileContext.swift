import Foundation
import LakeTemplates

/// Everything a model's template may ask about, as plain data from the project and the command line.
public struct CompileContext {
    /// The model (or test) being compiled.
    public var nodeName: String
    /// Configuration from lake.yml / dbt_project.yml folders, under the model's own `config()`.
    public var baseConfig: NodeConfig
    /// `vars:` from the project, overridden by `--vars`.
    public var variables: [String: JSONValue]
    public var target: TargetInfo
    /// Every model's name, so a `ref` to one that does not exist fails with the closest names.
    public var modelNames: Set<String>
    /// The package of each model, seed and snapshot name (the root project's name for its own), so
    /// `ref('package', 'name')` is checked.
    public var modelPackages: [String: String] = [:]
    /// Versioned models by their own name: each version's node name, and the latest version.
    public var modelVersions: [String: (nodes: [String: String], latest: String)] = [:]
    /// dbt's `model`: the node being rendered, as its `graph` entry reads (nil: not a node).
    public var model: Value? = nil
    /// Declared sources: source name → table names.
    public var sources: [String: Set<String>]
    /// Whether `source()` must name a declared table, as dbt requires; a lake.yml project that
    /// declares no sources may name any table.
    public var declaredSourcesOnly: Bool
    /// Whether the model's relation already exists in the warehouse (for `is_incremental()`).
    public var relationExists: Bool
    public var fullRefresh: Bool
    /// Runs SQL against the warehouse at compile time (`run_query`); nil where no warehouse is open.
    public var runQuery: ((String) throws -> QueryTable)?
    /// Resolves references in SQL handed to `run_query`, before the project is linked.
    public var linkForQuery: (RelationReference) -> String
    public var environment: [String: String]
    /// How `adapter.dispatch` and unqualified macro names resolve for this node.
    public var macroDispatch: MacroDispatch
    /// Where a model or seed is materialized (its schema and alias), when the graph is known.
    public var relationNamed: (String) -> Relation? = { _ in nil }
    /// Names a template sees beyond dbt's context (`results` and `schemas` in on-run-end hooks).
    public var extraGlobals: [String: JSONValue] = [:]
    /// Values made once for a whole run and shared by every render (dbt's `graph`).
    public var sharedValues: [String: Value] = [:]
    /// A unit test's `overrides: macros: {is_incremental: …}`.
    public var incrementalOverride: Bool?
    /// A unit test's other macro overrides: what each named macro returns.
    public var macroOverrides: [String: JSONValue] = [:]
    /// Where the lines dbt shows as they happen go: `log(msg, info=True)`, `print(msg)` and
    /// `exceptions.warn(msg)` (nil: they are only recorded with the node, as `log(msg)` always is).
    public var show: ((String) -> Void)?
    /// dbt's `flags.WHICH`: the command running ("build" for `lake run`, "test", "seed",
    /// "snapshot", "compile", "list", "run-operation").
    public var which = "build"
    /// dbt's `flags.EMPTY`: the run reads no rows of its refs and sources (`--empty`).
    public var empty = false
    /// dbt's `execute`: false while the project is parsed (templates learn their refs and config;
    /// `run_query` returns none), true when a node is rendered just before it runs.
    public var execute = true

    public init(nodeName: String, baseConfig: NodeConfig = NodeConfig(), variables: [String: JSONValue] = [:],
                target: TargetInfo = TargetInfo(), modelNames: Set<String> = [], sources: [String: Set<String>] = [:],
                relationExists: Bool = false, fullRefresh: Bool = false,
                runQuery: ((String) throws -> QueryTable)? = nil,
                linkForQuery: @escaping (RelationReference) -> String = CompileContext.defaultLink,
                environment: [String: String] = ProcessInfo.processInfo.environment, macroDispatch: MacroDispatch = MacroDispatch(),
                execute: Bool = true) {
        self.nodeName = nodeName
        self.baseConfig = baseConfig
        self.variables = variables
        self.target = target
        self.modelNames = modelNames
        self.sources = sources
        declaredSourcesOnly = !sources.isEmpty
        self.relationExists = relationExists
        self.fullRefresh = fullRefresh
        self.runQuery = runQuery
        self.linkForQuery = linkForQuery
        self.environment = environment
        self.macroDispatch = macroDispatch
        self.execute = execute
    }

    /// Models by their name in schema main, sources by their table name (`this` is resolved by
    /// the compiler, which knows the node).
    public static func defaultLink(_ reference: RelationReference) -> String {
        switch reference {
        case .model(_, let name): Relation(identifier: name).description
        case .source(_, let table): Relation(identifier: table).description
        case .this: "this"
        case .changes(let model): ChangeWindow.everything(of: Relation(identifier: model))
        }
    }
}

/// dbt's `target`: which warehouse the run writes to.
public struct TargetInfo: Sendable {
    public var name: String
    public var schema: String
    public var threads: Int
    /// The warehouse file.
    public var path: String
    /// The database relations live in: the lake's name, else the DuckDB file's base name (as
    /// dbt-duckdb names a file's database).
    public var database: String?
    /// The project's folder, absolute: templates build file paths from it (DuckDB would resolve a
    /// relative one against the process's working directory first).
    public var projectDirectory: String
    /// The project's settings file (lake.yml or dbt_project.yml), for messages.
    public var projectFile = "lake.yml"

    public init(name: String = "dev", schema: String = "main", threads: Int = 1, path: String = "data_lake/warehouse.duckdb",
                projectDirectory: String = ".") {
        self.name = name
        self.schema = schema
        self.threads = threads
        self.path = path
        self.projectDirectory = projectDirectory
    }

    /// dbt's `target` as templates read it.
    public var templateValue: Value {
        .object(AttributeObject("target", [
            "name": .string(name), "type": .string("duckdb"), "schema": .string(schema), "database": .string(databaseName),
            "threads": .int(threads), "path": .string(path), "project_dir": .string(projectDirectory), "profile_name": .string("lake"),
        ]))
    }

    public var databaseName: String { database ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
}
