import Foundation
import LakeTemplates
import TextSupport

/// One node of the graph: what runs (or is checked), what it depends on, how it is configured.
public struct GraphNode: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case model, seed, test, source, ml, snapshot, exposure, savedQuery = "saved_query" }

    /// Nodes that stand for something outside the lake and run nothing (dbt build's NO-OP).
    public var runsNothing: Bool { kind == .exposure || kind == .savedQuery }

    /// A test written as its own SQL file in `tests/`.
    public var isSingularTest: Bool {
        if case .singular? = test?.kind { true } else { false }
    }

    /// dbt's form: model.<project>.<name>, test.<project>.<name>, source.<project>.<source>.<table>.
    public let uniqueId: String
    public let kind: Kind
    public let name: String
    public let path: String
    public let folders: [String]
    public let config: NodeConfig
    public let dependsOn: [String]
    public let compiled: CompiledNode?
    public let test: TestDefinition?
    public let source: SourceTable?
    public let description: String
    public let columns: [ColumnInfo]
    /// For ml nodes: the detector's declaration.
    public var machineLearning: MachineLearningSpec? = nil
    /// A template error met while parsing: the node fails when it runs (and its dependents are
    /// skipped); every other node, `lake ls` and selection are unaffected.
    public var templateError: String? = nil
    /// Where a model or seed is materialized, from dbt's naming macros (RelationNaming).
    public var relation: Relation? = nil
    /// dbt's `depends_on.macros`, where lake knows them: a generic test's test macro
    /// (`macro.dbt.test_unique`) and `macro.dbt.get_where_subquery`.
    public var macroDependencies: [String] = []
    /// A package node's folder (`dbt_packages/x`), which its `original_file_path` is relative to.
    public var packageFolder: String? = nil
    /// What dbt's graph holds of a node beyond what lake uses (an exposure's owner, maturity, url,
    /// label, meta), for templates that read `graph`.
    public var properties: [(String, JSONValue)] = []
    /// dbt's `raw_code`: a model's file as dbt reads it, stripped of its leading and trailing
    /// whitespace (codegen's import CTEs and dbt_project_evaluator's hard-coded references read it
    /// from `graph`).
    public var rawCode: String? = nil
    /// dbt's `checksum` of a model: the SHA-256 of its raw code.
    public var checksum: (name: String, checksum: String)? { rawCode.map { ("sha256", SHA256.hex($0)) } }
    /// The schema file that gives it properties, relative to its package's folder (dbt's `patch_path`).
    public var patchPath: String? = nil
    /// A model's `time_spine:` property (MetricFlow's).
    public var timeSpine: JSONValue? = nil
    /// `deprecation_date` as dbt writes it (models only).
    public var deprecationDate: String? = nil
    /// For a version of a versioned model: which (its `name` is then `<model>_v<version>`).
    public var version: ModelVersion? = nil
    /// The model's own `constraints:` (its columns carry theirs).
    public var constraints: [Constraint] = []

    /// The name dbt gives the node: a versioned model's own name for each of its versions.
    public var dbtName: String { version?.model ?? name }

    /// The node with its SQL rendered again (dbt renders each node with `execute` true just before
    /// it runs); its configuration stays what parsing found.
    public func rendered(_ compiled: CompiledNode) -> GraphNode {
        var node = GraphNode(uniqueId: uniqueId, kind: kind, name: name, path: path, folders: folders, config: config, dependsOn: dependsOn,
                             compiled: compiled, test: test, source: source, description: description, columns: columns)
        node.machineLearning = machineLearning
        node.relation = relation
        node.version = version
        node.constraints = constraints
        return node
    }

    public var materialization: String {
        switch kind {
        case .model: config.materialized
        case .seed: "seed"
        case .test: "test"
        case .source: "source"
        case .ml: "isolation_forest"
        case .snapshot: "snapshot"
        case .exposure: "exposure"
        case .savedQuery: "saved_query"
        }
    }

    public var tags: [String] { config.tags }

    /// A model inlined where it is read (dbt's `__dbt__cte__<name>`), never built.
    public var isEphemeralModel: Bool { kind == .model && config.materialized == "ephemeral" }

    /// dbt's fully qualified name: the package, the folders, the name (a source's: the package,
    /// the source, the table).
    public var fqn: [String] {
        let package = uniqueId.split(separator: ".").dropFirst().first.map(String.init) ?? ""
        if kind == .source, let source { return [package] + source.folders + [source.source, source.name] }
        if let version { return [package] + folders + [version.model, "v\(version.version)"] }
        // A snapshot block's file names it too (a YAML snapshot's does not), as dbt's parser does.
        if kind == .snapshot, path.hasSuffix(".sql") { return [package] + folders + [((path as NSString).lastPathComponent as NSString).deletingPathExtension, name] }
        // A unit test is its model's: [package, model, test], whatever the model's folders.
        if case .unit(let spec)? = test?.kind { return [package, spec.model, name] }
        return [package] + folders + [name]
    }

    /// The node's configuration with dbt's defaults under it, key for key as dbt-duckdb 1.10's
    /// manifest holds them for its kind (a test's severity and thresholds; a model's access, contract,
    /// hooks …); hooks as dbt's lists of `{sql, transaction, index}`.
    public var configWithDefaults: [(String, JSONValue)] { Self.configWithDefaults(config, kind: kind, materialization: materialization) }

    /// `config` with dbt's defaults for `kind` under it (see `configWithDefaults`); dbt parses an
    /// on-run hook's operation as a model, with a model's defaults.
    public static func configWithDefaults(_ config: NodeConfig, kind: Kind, materialization: String) -> [(String, JSONValue)] {
        var defaults: [(String, JSONValue)] = [("enabled", .bool(true)), ("alias", .null),
                                               ("schema", kind == .test ? .string("dbt_test__audit") : .null), ("database", .null),
                                               ("tags", .array([])), ("meta", .object([])), ("group", .null),
                                               ("materialized", .string(materialization))]
        if kind != .test {
            defaults += [("incremental_strategy", .null), ("batch_size", .null), ("lookback", .int(1)), ("begin", .null),
                         ("persist_docs", .object([])), ("post_hook", .array([])), ("pre_hook", .array([])), ("quoting", .object([])),
                         ("column_types", .object([])), ("full_refresh", .null), ("unique_key", .null), ("on_schema_change", .string("ignore")),
                         ("on_configuration_change", .string("apply")), ("grants", .object([])), ("packages", .array([])),
                         ("docs", .object([("show", .bool(true)), ("node_color", .null)])),
                         ("contract", .object([("enforced", .bool(false)), ("alias_types", .bool(true))])), ("event_time", .null),
                         ("concurrent_batches", .null)]
            defaults += kind == .seed ? [("delimiter", .string(",")), ("quote_columns", .null)]
                : [("access", .string("protected")), ("freshness", .null)]
        } else {
            defaults += [("severity", .string("ERROR")), ("store_failures", .null), ("store_failures_as", .null), ("where", .null), ("limit", .null),
                         ("fail_calc", .string("count(*)")), ("warn_if", .string("!= 0")), ("error_if", .string("!= 0"))]
        }
        var merged = NodeConfig(defaults)
        merged.merge(config.pairs)
        // NodeConfig keeps hooks as `pre_hook`/`post_hook` (SQL or a list of it); dbt writes them
        // `pre-hook`/`post-hook`, each a list of objects.
        return merged.pairs.compactMap { key, value in
            guard key == "pre_hook" || key == "post_hook" else { return (key, value) }
            let hooks: [JSONValue] = if case .array(let list) = value { list } else if case .null = value { [] } else { [value] }
            return (key.replacingOccurrences(of: "_", with: "-"), .array(hooks.map { hook in
                if case .object = hook { return hook }
                return .object([("sql", hook), ("transaction", .bool(true)), ("index", .null)])
            }))
        }
    }

    /// dbt's `original_file_path`: from the root of the project that holds the node (a package's
    /// own folder for a package node).
    public var originalFilePath: String { packageRelative(path) }

    /// A file of the node's package as dbt names it: relative to the package's folder (a root
    /// project's node's files are relative to the root already).
    func packageRelative(_ file: String) -> String {
        guard let folder = packageFolder, file.hasPrefix(folder + "/") else { return file }
        return String(file.dropFirst(folder.count + 1))
    }

    /// The node as dbt's templates read it — `model` while it renders, an entry of `graph.nodes`,
    /// `node` in the naming macros; `relation` adds where it is built.
    public func templateValue(relation: Relation? = nil) -> Value {
        let package = fqn.first ?? ""
        var fields: [(String, Value)] = []
        func replace(_ key: String, with value: Value) {
            if let index = fields.firstIndex(where: { $0.0 == key }) { fields[index].1 = value }
        }
        fields = [
            ("unique_id", .string(uniqueId)), ("name", .string(dbtName)), ("package_name", .string(package)),
            ("resource_type", .string(kind == .test && NodeID.isUnitTest(uniqueId) ? "unit_test" : kind.rawValue)),
            ("path", .string(path)), ("original_file_path", .string(originalFilePath)),
            ("fqn", .list(fqn.map(Value.string))), ("tags", .list(tags.map(Value.string))),
            ("config", .dict(configWithDefaults.map { ($0.0, $0.1.templateValue) })), ("description", .string(description)),
            ("columns", .dict(columns.map { column in
                (column.name, .dict([("name", .string(column.name)), ("description", .string(column.description)),
                                     ("data_type", column.dataType.map(Value.string) ?? .none),
                                     ("constraints", .list(column.constraints.map { $0.templateValue(ofModel: false) })), ("quote", .none)]))
            })),
            ("depends_on", .dict([("nodes", .list(dependsOn.map(Value.string))), ("macros", .list(macroDependencies.map(Value.string)))])),
            ("meta", config["meta"]?.templateValue ?? .dict([])),
        ]
        // Only a model has versions in dbt's graph; a seed's or a test's are undefined there.
        if kind == .model {
            fields += [("version", version.map { Value.string($0.version) } ?? .none), ("latest_version", version.map { Value.string($0.latest) } ?? .none)]
        }
        if kind == .test { fields.append(("group", config["group"]?.stringValue.map(Value.string) ?? .none)) }
        if [.model, .seed, .snapshot].contains(kind) {
            // dbt's path is from the resource's own folder (models/, seeds/ …), its properties'
            // file is `<package>://<file>`, and a node not in a group has None.
            let fileName = (path as NSString).lastPathComponent
            replace("path", with: .string((folders + [fileName]).joined(separator: "/")))
            fields += [("patch_path", patchPath.map { .string("\(package)://\(packageRelative($0))") } ?? .none),
                       ("group", config["group"]?.stringValue.map(Value.string) ?? .none)]
        }
        if kind == .model || kind == .snapshot {
            fields += [("language", .string("sql")), ("deprecation_date", deprecationDate.map(Value.string) ?? .none), ("time_spine", timeSpine?.templateValue ?? .none)]
        }
        if kind == .model {
            fields += [("constraints", .list(constraints.map { $0.templateValue(ofModel: true) })),
                       ("access", .string(config["access"]?.stringValue ?? "protected")),
                       ("contract", .dict([("enforced", .bool(config.contractEnforced)), ("alias_types", .bool(true)), ("checksum", .none)]))]
        }
        if let rawCode, let checksum {
            fields += [("raw_code", .string(rawCode)), ("checksum", .dict([("name", .string(checksum.name)), ("checksum", .string(checksum.checksum))]))]
        }
        fields += properties.map { ($0.0, $0.1.templateValue) }
        if let test {
            fields.append(("column_name", test.column.map(Value.string) ?? .none))
            if case .generic(let name, let arguments) = test.kind {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                fields.append(("test_metadata", .dict([
                    ("name", .string(parts.last ?? name)), ("namespace", parts.count == 2 ? .string(parts[0]) : .none),
                    ("kwargs", .dict(test.dbtKeywordArguments(arguments).map { ($0.0, $0.1.templateValue) })),
                ])))
                // dbt's path of a generic test is the SQL file it would compile to; original_file_path is its YAML.
                replace("path", with: .string(self.name + ".sql"))
            }
        }
        if let relation {
            // A test's relation names a table only where it stores its failures.
            let stored = kind != .test || config["store_failures"]?.boolValue == true
            fields += [("schema", .string(relation.schema)), ("database", relation.database.map(Value.string) ?? .none),
                       ("relation_name", stored ? .string(relation.description) : .none)]
            // A source has an identifier, not an alias.
            if kind != .source { fields.append(("alias", .string(relation.identifier))) }
        }
        if kind == .source, let source {
            // dbt's source node: named by its table, its paths the schema file's, its freshness
            // with dbt's empty thresholds filled in, no loaded_at_field as None.
            let file = packageRelative(source.file)
            for (key, value) in [("name", Value.string(source.name)), ("path", .string(file)), ("original_file_path", .string(file))] {
                replace(key, with: value)
            }
            fields += [("source_name", .string(source.source)), ("source_description", .string(source.sourceDescription)),
                       ("source_meta", source.sourceMeta.templateValue), ("identifier", .string(source.identifier)),
                       ("freshness", Self.dbtFreshness(source.freshness).templateValue), ("loaded_at_field", source.loadedAtField.map(Value.string) ?? .none)]
            // Its schema comes with its relation, when it is given one.
            if relation == nil { fields.append(("schema", .string(source.schema))) }
        }
        return .dict(fields)
    }
}

extension GraphNode {
    /// A source's freshness as dbt's graph holds it: `warn_after` and `error_after` always (count
    /// and period null where not set), and `filter`.
    static func dbtFreshness(_ given: JSONValue?) -> JSONValue {
        let written: [(String, JSONValue)] = if case .object(let pairs)? = given { pairs } else { [] }
        func threshold(_ key: String) -> JSONValue {
            let pairs: [(String, JSONValue)] = if case .object(let inner)? = written.first(where: { $0.0 == key })?.1 { inner } else { [] }
            return .object([("count", pairs.first { $0.0 == "count" }?.1 ?? .null), ("period", pairs.first { $0.0 == "period" }?.1 ?? .null)])
        }
        return .object([("warn_after", threshold("warn_after")), ("error_after", threshold("error_after")),
                        ("filter", written.first { $0.0 == "filter" }?.1 ?? .null)])
    }
}

/// The project's nodes with their edges, in an order where every node follows what it depends on.
public struct ProjectGraph: Sendable {
    public let projectName: String
    public let nodes: [String: GraphNode]
    /// Each declared source table's node, by source and table (a package's sources are its own:
    /// `source.<package>.<source>.<table>`).
    private let sourceIds: [String: String]

    static func sourceKey(_ source: String, _ table: String) -> String { source + "\u{1}" + table }

    /// The node id `source('source', 'table')` names, by source and table: the root project's
    /// declaration when it has one (as source() resolves it), else a package's (the first by name).
    static func sourceIds(of tables: [SourceTable], projectName: String) -> [String: String] {
        var ids: [String: String] = [:], packages: [String: String?] = [:]
        for table in tables.sorted(by: { ($0.package ?? "") < ($1.package ?? "") }) {
            let key = sourceKey(table.source, table.name)
            if let chosen = packages[key], chosen == nil || table.package != nil { continue }
            packages[key] = table.package
            ids[key] = NodeID.source(package: table.package ?? projectName, source: table.source, table: table.name)
        }
        return ids
    }

    /// The node of `source('source', 'table')`.
    public func sourceNode(_ source: String, _ table: String) -> GraphNode? {
        sourceIds[Self.sourceKey(source, table)].flatMap { nodes[$0] }
    }
    /// Topological order (stable: by kind, then path, among independent nodes).
    public let order: [String]
    public let children: [String: [String]]
    /// The database SQL names relations in, as dbt-duckdb writes them (`"dev"."main"."orders"`): a
    /// dbt project's target database. nil: schema and name only (a lake.yml project, whose views
    /// then keep working under any alias its lake is attached as).
    public var qualifyingDatabase: String?
    /// Each name's node (`node(named:)`), chosen once by one rule rather than by whichever a
    /// dictionary happened to yield first (Swift seeds its hashing per process).
    private let named: [String: String]

    public init(projectName: String, nodes: [GraphNode]) throws {
        self.projectName = projectName
        var byId: [String: GraphNode] = [:]
        for node in nodes { byId[node.uniqueId] = node }
        self.nodes = byId
        sourceIds = Self.sourceIds(of: nodes.compactMap(\.source), projectName: projectName)
        // What ref() can name first (models, seeds, snapshots), then detectors, then the rest, tests
        // last; among those, the root project's before a package's (dbt resolves an unqualified
        // ref to it), then by unique id.
        func rank(_ node: GraphNode) -> (Int, Int, String) {
            let kind = switch node.kind {
            case .model, .seed, .snapshot: 0
            case .ml: 1
            case .test: 3
            default: 2
            }
            return (kind, node.uniqueId.split(separator: ".").dropFirst().first == Substring(projectName) ? 0 : 1, node.uniqueId)
        }
        var named: [String: String] = [:]
        for node in byId.values.sorted(by: { rank($0) < rank($1) }) where named[node.name] == nil { named[node.name] = node.uniqueId }
        self.named = named
        var children: [String: [String]] = [:]
        for node in nodes {
            for parent in node.dependsOn where byId[parent] != nil { children[parent, default: []].append(node.uniqueId) }
        }
        self.children = children
        order = try Self.topologicalOrder(byId)
    }

    /// The node of that name; a versioned model's own name is its latest version.
    public func node(named name: String) -> GraphNode? {
        named[name].flatMap { nodes[$0] }
            ?? nodes.values.first { $0.version?.model == name && $0.version?.version == $0.version?.latest }
    }

    /// Depth-first, with the path kept, so a cycle is reported whole: a → b → c → a.
    static func topologicalOrder(_ nodes: [String: GraphNode]) throws -> [String] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var order: [String] = []
        var path: [String] = []
        func visit(_ id: String) throws {
            if marks[id] == .done { return }
            if marks[id] == .visiting {
                let cycle = path[path.firstIndex(of: id)!...] + [id]
                throw ProjectError("dependency cycle: " + cycle.map { nodes[$0]?.name ?? $0 }.joined(separator: " → "))
            }
            marks[id] = .visiting
            path.append(id)
            for parent in nodes[id]!.dependsOn.sorted() where nodes[parent] != nil { try visit(parent) }
            path.removeLast()
            marks[id] = .done
            order.append(id)
        }
        let rank: [GraphNode.Kind: Int] = [.source: 0, .seed: 1, .snapshot: 2, .model: 2, .ml: 3, .test: 4, .exposure: 5, .savedQuery: 5]
        for id in nodes.keys.sorted(by: { (rank[nodes[$0]!.kind]!, nodes[$0]!.path, $0) < (rank[nodes[$1]!.kind]!, nodes[$1]!.path, $1) }) {
            try visit(id)
        }
        return order
    }

    /// Every node `id` depends on, directly or not, up to `depth` steps (nil: all).
    public func ancestors(of id: String, depth: Int? = nil) -> Set<String> {
        walk(from: id, depth: depth) { nodes[$0]?.dependsOn ?? [] }
    }

    public func descendants(of id: String, depth: Int? = nil) -> Set<String> {
        walk(from: id, depth: depth) { children[$0] ?? [] }
    }

    private func walk(from id: String, depth: Int?, next: (String) -> [String]) -> Set<String> {
        var seen: Set<String> = []
        var frontier = [id]
        var level = 0
        while !frontier.isEmpty, depth.map({ level < $0 }) ?? true {
            frontier = frontier.flatMap(next).filter { nodes[$0] != nil && seen.insert($0).inserted }
            level += 1
        }
        return seen
    }
}
