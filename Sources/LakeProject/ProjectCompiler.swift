import Foundation
import TextSupport
import LakeTemplates

/// What a command passes to compilation: overrides and what the warehouse knows.
public struct CompileOptions {
    /// `--vars`, over the project's `vars:`.
    public var variables: [String: JSONValue] = [:]
    public var fullRefresh = false
    /// Whether a model's relation exists in the warehouse (for `is_incremental()`).
    public var relationExists: (String) -> Bool = { _ in false }
    public var runQuery: ((String) throws -> QueryTable)?
    public var threads: Int?
    /// dbt's `execute`: false to parse the project, true to render a node about to run.
    public var execute = false
    /// How `run_query` names the relations of refs (at run time, the linker's relations).
    public var linkForQuery: (RelationReference) -> String = CompileContext.defaultLink
    /// Where a model is materialized, when the graph is known (run time).
    public var relationNamed: (String) -> Relation? = { _ in nil }
    /// dbt's `flags.WHICH` (see CompileContext.which).
    public var which = "build"
    /// `--empty` (see CompileContext.empty).
    public var empty = false
    /// Where `log(…, info=True)`, `print` and `exceptions.warn` lines go as a node renders (the
    /// run's output once nodes run; nil while parsing, so a line is not shown for every parse).
    public var show: ((String) -> Void)?
    /// Values every render of the run shares (dbt's `graph`, once the graph is known; empty while parsing).
    public var sharedValues: [String: Value] = ["graph": .dict([("nodes", .dict([])), ("sources", .dict([])),
                                                                ("exposures", .dict([])), ("metrics", .dict([]))])]

    public init() {}
}

/// Makes each node's compile context from what every node shares, computed once.
public struct CompileContextFactory {
    private let project: Project
    private let options: CompileOptions
    /// The vars a node of each package sees (the root project's under its own name).
    private let variables: [String: [String: JSONValue]]
    private let modelNames: Set<String>
    private let modelPackages: [String: String]
    private let modelVersions: [String: (nodes: [String: String], latest: String)]
    private let sources: [String: Set<String>]
    private let target: TargetInfo

    public init(project: Project, options: CompileOptions) {
        self.project = project
        self.options = options
        variables = Self.scopedVariables(project: project, commandLine: options.variables)
        modelNames = Set(project.models.map(\.name) + project.models.compactMap(\.version?.model) + project.seeds.map(\.name)
                         + project.snapshots.map(\.name) + project.settings.machineLearning.map(\.output))
        var sources: [String: Set<String>] = [:]
        for table in project.sources { sources[table.source, default: []].insert(table.name) }
        self.sources = sources
        var packages: [String: String] = [:]
        for name in modelNames { packages[name] = project.settings.name }
        for model in project.models { if let package = model.package { packages[model.name] = package } }
        for seed in project.seeds { if let package = seed.package { packages[seed.name] = package } }
        modelPackages = packages
        var versions: [String: (nodes: [String: String], latest: String)] = [:]
        for model in project.models {
            guard let version = model.version else { continue }
            versions[version.model, default: ([:], version.latest)].nodes[version.version] = model.name
        }
        modelVersions = versions
        var target = TargetInfo(name: project.settings.targetName, schema: project.settings.targetSchema, threads: options.threads ?? project.settings.threads,
                                path: project.settings.warehouse, projectDirectory: project.root)
        target.database = project.settings.targetDatabaseName
        target.projectFile = project.settings.file
        self.target = target
    }

    /// dbt's vars for the nodes of each package: the package's own `vars:`, under the root
    /// project's global ones, under those the root project scopes to the package
    /// (`vars: {package: {key: value}}`), under `--vars`. A root vars key named after a project is
    /// such a scope, not a var.
    static func scopedVariables(project: Project, commandLine: [String: JSONValue]) -> [String: [String: JSONValue]] {
        let root = project.settings.name
        let projects = Set([root] + project.macros.packages.map(\.name))
        let global = project.settings.vars.filter { !projects.contains($0.key) }
        func scope(_ name: String) -> [String: JSONValue] {
            guard case .object(let pairs)? = project.settings.vars[name] else { return [:] }
            return Dictionary(pairs, uniquingKeysWith: { _, last in last })
        }
        var result: [String: [String: JSONValue]] = [:]
        for package in project.macros.packages {
            result[package.name] = package.vars.filter { !projects.contains($0.key) }
                .merging(global) { _, new in new }.merging(scope(package.name)) { _, new in new }.merging(commandLine) { _, new in new }
        }
        result[root] = global.merging(scope(root)) { _, new in new }.merging(commandLine) { _, new in new }
        return result
    }

    /// The context of node `name` (a model, test or hook) whose configuration before its own
    /// `config()` is `base`.
    /// `package`: the installed package the node belongs to (nil: the root project), which decides
    /// where unqualified macro names are looked up.
    public func context(for name: String, base: NodeConfig, package: String? = nil) -> CompileContext {
        var context = CompileContext(nodeName: name, baseConfig: base, variables: variables[package ?? project.settings.name] ?? [:], target: target, modelNames: modelNames,
                       sources: sources, relationExists: options.relationExists(name), fullRefresh: options.fullRefresh,
                       runQuery: options.runQuery, linkForQuery: options.linkForQuery,
                       macroDispatch: MacroDispatch(library: project.macros, searchOrders: project.settings.dispatch, nodePackage: package),
                       execute: options.execute)
        context.relationNamed = options.relationNamed
        context.declaredSourcesOnly = project.settings.isDbtProject || !sources.isEmpty
        context.show = options.show
        context.which = options.which
        context.empty = options.empty
        context.sharedValues = options.sharedValues
        context.modelPackages = modelPackages
        context.modelVersions = modelVersions
        return context
    }
}

/// Compiles every node of a project once and builds the graph from what the templates declared.
public enum ProjectCompiler {
    public static func compile(_ project: Project, options: CompileOptions = CompileOptions()) throws -> ProjectGraph {
        let projectName = project.settings.name
        let compiler = NodeCompiler(environment: project.macros.environment)
        let contexts = CompileContextFactory(project: project, options: options)
        let seedNames = Set(project.seeds.map(\.name)), snapshotNames = Set(project.snapshots.map(\.name))
        let packageOf = Dictionary(project.models.compactMap { model in model.package.map { (model.name, $0) } }
                                   + project.seeds.compactMap { seed in seed.package.map { (seed.name, $0) } }, uniquingKeysWith: { first, _ in first })
        let versionOf = Dictionary(project.models.compactMap { model in model.version.map { (model.name, $0) } }, uniquingKeysWith: { first, _ in first })
        let latestVersion = Dictionary(project.models.compactMap { model in
            model.version.flatMap { $0.version == $0.latest ? ($0.model, model.name) : nil }
        }, uniquingKeysWith: { first, _ in first })
        func modelId(_ name: String) -> String {
            if let latest = latestVersion[name] { return modelId(latest) }
            if snapshotNames.contains(name) { return NodeID.snapshot(package: projectName, name: name) }
            let package = packageOf[name] ?? projectName
            if seedNames.contains(name) { return NodeID.seed(package: package, name: name) }
            if let version = versionOf[name] { return NodeID.modelVersion(package: package, model: version.model, version: version.version) }
            return NodeID.model(package: package, name: name)
        }
        // A source table's id names the package that declares it; source() finds the root project's first.
        let sourceIds = ProjectGraph.sourceIds(of: project.sources, projectName: projectName)
        func sourceId(_ source: String, _ table: String) -> String {
            sourceIds[ProjectGraph.sourceKey(source, table)] ?? NodeID.source(package: projectName, source: source, table: table)
        }
        /// The node `ref('x')` or `source('a', 'b')`, written as YAML text, names.
        func referenceId(_ text: String) -> String { RefText.source(text).map { sourceId($0.0, $0.1) } ?? modelId(RefText.modelName(text)) }
        func context(for name: String, base: NodeConfig) -> CompileContext { contexts.context(for: name, base: base, package: packageOf[name]) }
        func dependencies(_ compiled: CompiledNode) -> [String] {
            compiled.modelDependencies.map { modelId($0.name) } + compiled.sourceDependencies.map { sourceId($0.source, $0.table) }
        }

        var nodes: [GraphNode] = []
        for table in project.sources {
            let node = GraphNode(uniqueId: NodeID.source(package: table.package ?? projectName, source: table.source, table: table.name), kind: .source,
                                 name: "\(table.source).\(table.name)", path: "", folders: [],
                                 config: NodeConfig([("tags", .array(table.tags.map(JSONValue.string))), ("meta", table.meta)]), dependsOn: [], compiled: nil,
                                 test: nil, source: table, description: table.description, columns: table.columns)
            nodes.append(node)
        }
        let naming = RelationNaming(project: project, compiler: compiler, contexts: contexts)
        var disabled: Set<String> = []
        for seed in project.seeds {
            let config = project.baseConfig(of: seed)
            guard config.enabled else { disabled.insert(seed.name); continue }
            var node = GraphNode(uniqueId: modelId(seed.name), kind: .seed, name: seed.name, path: seed.path, folders: seed.folders,
                                 config: config, dependsOn: [], compiled: nil, test: nil, source: nil,
                                 description: project.properties[seed.name]?.description ?? "",
                                 columns: project.properties[seed.name]?.columns ?? [])
            do {
                node.relation = try naming.relation(of: node, package: seed.package)
            } catch {
                node.templateError = "\(seed.path): \(error)"
            }
            nodes.append(node)
        }
        /// A model or snapshot from what parsing its template gave: a template error is the node's,
        /// not the project's (it fails when the node runs); nil when it is disabled.
        func parsedNode(_ kind: GraphNode.Kind, name: String, path: String, folders: [String], package: String?, base: NodeConfig,
                        defaults: [(String, JSONValue)], _ parse: (_ model: Value) throws -> CompiledNode) -> GraphNode? {
            // dbt's `model` while parsing: the node as far as it is known before its own config().
            var parsing = GraphNode(uniqueId: modelId(name), kind: kind, name: name, path: path, folders: folders, config: base, dependsOn: [],
                                    compiled: nil, test: nil, source: nil, description: project.properties[name]?.description ?? "",
                                    columns: project.properties[name]?.columns ?? [])
            parsing.version = versionOf[name]
            let parsed = Result { try parse(parsing.templateValue()) }
            var config = base
            if case .success(let compiled) = parsed { config.merge(compiled.config) }
            // The manifest carries the effective configuration, defaults included, as dbt's does.
            for (key, value) in defaults where kind == .snapshot || config[key] == nil { config.merge([(key, value)]) }
            guard config.enabled else { disabled.insert(name); return nil }
            // A foreign key's target is built first (dbt adds the constraint's `to` to the model's depends_on).
            let foreignKeys = ((project.properties[name]?.columns.flatMap(\.constraints) ?? []) + (project.properties[name]?.constraints ?? []))
                .compactMap(\.to).map(referenceId)
            var node = GraphNode(uniqueId: modelId(name), kind: kind, name: name, path: path, folders: folders, config: config,
                                 dependsOn: ((try? parsed.get()).map(dependencies) ?? []) + foreignKeys, compiled: try? parsed.get(), test: nil, source: nil,
                                 description: project.properties[name]?.description ?? "", columns: project.properties[name]?.columns ?? [])
            if case .failure(let error) = parsed { node.templateError = "\(error)" }
            // The macros the template called itself, at parse, as dbt's parser records them; then
            // those its hooks call, as dbt renders each hook in the node's context while parsing.
            // (A hook that fails to render here fails where it runs, with its error.)
            if case .success(let compiled) = parsed {
                var hookContext = context(for: name, base: config)
                hookContext.model = parsing.templateValue()
                let hookMacros = compiler.macros(calledBy: config.hooks("pre_hook") + config.hooks("post_hook"), file: "\(path) (hook)",
                                                 context: hookContext, lenientUndefined: project.settings.lenientUndefined)
                node.macroDependencies = compiled.macros + hookMacros.filter { !compiled.macros.contains($0) }
            }
            node.version = versionOf[name]
            node.constraints = project.properties[name]?.constraints ?? []
            node.patchPath = project.properties[name].flatMap { $0.file.isEmpty ? nil : $0.file }
            node.timeSpine = project.properties[name]?.timeSpine
            node.deprecationDate = project.properties[name]?.deprecationDate
            do {
                var relation = try naming.relation(of: node, package: package)
                // dbt's legacy target_schema (snapshots) names the schema as it is.
                if let schema = config["target_schema"]?.stringValue { relation.schema = schema }
                if let database = config["target_database"]?.stringValue { relation.database = database }
                node.relation = relation
            } catch {
                node.templateError = node.templateError ?? "\(path): \(error)"
            }
            return node
        }
        for model in project.models {
            let base = project.baseConfig(of: model)
            if let node = parsedNode(.model, name: model.name, path: model.path, folders: model.folders, package: model.package, base: base,
                                     defaults: [("materialized", .string("view"))], { object in
                if let error = model.syntaxError { throw ProjectError(error) }
                var context = context(for: model.name, base: base)
                context.model = object
                return try compiler.compile(model.template, context: context)
            }) {
                var node = node
                // As dbt reads the file: stripped.
                node.rawCode = model.template.source.text.trimmingCharacters(in: .whitespacesAndNewlines)
                nodes.append(node)
            }
        }
        for snapshot in project.snapshots {
            let base = project.baseConfig(of: snapshot)
            if let node = parsedNode(.snapshot, name: snapshot.name, path: snapshot.path, folders: snapshot.folders, package: nil, base: base,
                                     defaults: [("materialized", .string("snapshot"))], { object in
                var context = context(for: snapshot.name, base: base)
                context.model = object
                return try compiler.compileCall(snapshot.body, arguments: CallArguments(callee: snapshot.name), context: context)
            }) {
                nodes.append(node)
            }
        }
        // Each detector is a node named by its output table, after the model it trains on, so
        // models and tests can ref() the scores.
        for spec in project.settings.machineLearning {
            guard project.models.contains(where: { $0.name == spec.source }) || project.seeds.contains(where: { $0.name == spec.source }) else {
                throw ProjectError("\(project.settings.file): ml entry '\(spec.name)' trains on '\(spec.source)', which is no model"
                    + EditDistance.hint(spec.source, among: project.models.map(\.name)))
            }
            var node = GraphNode(uniqueId: NodeID.model(package: projectName, name: spec.output), kind: .ml, name: spec.output, path: project.settings.file,
                                 folders: [], config: NodeConfig([("materialized", .string("isolation_forest"))]),
                                 dependsOn: [modelId(spec.source)], compiled: nil, test: nil, source: nil,
                                 description: "Isolation Forest '\(spec.name)' on \(spec.source): anomaly_score (lower is more anomalous) and anomaly_flag.",
                                 columns: [])
            node.machineLearning = spec
            nodes.append(node)
        }
        // Exposures: nodes after what they read, with nothing to run.
        for exposure in project.exposures {
            let config = NodeConfig(exposure.config)
            guard config.enabled else { continue }
            // Each parent once, as dbt lists them (a ref written twice is one parent).
            var reads: [String] = []
            for id in exposure.dependsOn.map(referenceId) where !reads.contains(id) { reads.append(id) }
            var node = GraphNode(uniqueId: NodeID.exposure(package: projectName, name: exposure.name), kind: .exposure, name: exposure.name,
                                 path: exposure.path, folders: [], config: config, dependsOn: reads, compiled: nil, test: nil, source: nil,
                                 description: exposure.description, columns: [])
            node.properties = exposure.properties
            nodes.append(node)
        }
        for saved in project.savedQueries {
            nodes.append(GraphNode(uniqueId: NodeID.savedQuery(package: projectName, name: saved.name), kind: .savedQuery, name: saved.name, path: saved.path,
                                   folders: [], config: NodeConfig(), dependsOn: [], compiled: nil, test: nil, source: nil,
                                   description: saved.description, columns: []))
        }
        var testIds: [String: String] = [:]
        for test in project.tests {
            var config = project.testConfig(package: test.package)
            /// A test's YAML values (its config, a generic test's arguments) with their Jinja rendered
            /// as dbt renders them, natively (`"{{ var('list') }}"` is the list, `enabled:
            /// "{{ not var('x', false) }}"` a boolean), in the declaring package's context: its vars.
            func rendered(_ pairs: [(String, JSONValue)], base: NodeConfig) throws -> [(String, JSONValue)] {
                try pairs.map { key, value in
                    (key, try value.renderingJinja { text in
                        .native(try compiler.compile(Template(name: "\(test.path) (\(test.name) \(key))", text: text,
                                                              lenientUndefined: project.settings.lenientUndefined),
                                                     context: contexts.context(for: test.name, base: base, package: test.package)).sqlTemplate)
                    })
                }
            }
            var ownConfig = test.config.pairs
            var configError: String?
            if ownConfig.contains(where: { $0.1.holdsJinja }) {
                do { ownConfig = try rendered(ownConfig, base: config) } catch { configError = "\(test.path): \(error)" }
            }
            config.merge(ownConfig)
            guard config.enabled else { continue }
            var dependsOn: [String] = []
            var compiled: CompiledNode?
            var templateError = configError
            switch test.kind {
            case .generic(_, let arguments):
                switch test.attachedTo {
                case .model(let model)?:
                    if disabled.contains(model) { continue }
                    dependsOn.append(modelId(model))
                case .source(let source, let table)?: dependsOn.append(sourceId(source, table))
                case nil: break
                }
                // A ref or source among the arguments (relationships' `to`, dbt_utils.equality's
                // `compare_model`) is a parent too, and comes first, as dbt records them: the test
                // runs after it, and its own model is its last parent.
                var argumentParents: [String] = []
                for (_, value) in arguments {
                    guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces), text.hasPrefix("ref(") || text.hasPrefix("source(") else { continue }
                    let id = referenceId(text)
                    if !argumentParents.contains(id), !dependsOn.contains(id) { argumentParents.append(id) }
                }
                dependsOn = argumentParents + dependsOn
            case .singular(let template):
                do {
                    compiled = try compiler.compile(template, context: context(for: test.name, base: config))
                    config.merge(compiled!.config)
                    dependsOn = dependencies(compiled!)
                } catch {
                    templateError = "\(error)"
                }
                // `{{ config(enabled=false) }}` in the test's own SQL disables it, as a model's does.
                guard config.enabled else { continue }
            case .unit(let spec):
                // A unit test reads its model's inputs (their columns type the given rows), not the model.
                if disabled.contains(spec.model) { continue }
                guard let model = nodes.first(where: { $0.kind == .model && $0.name == spec.model }) else {
                    throw ProjectError("\(test.path): unit test \(spec.name) tests '\(spec.model)', which is no model"
                        + EditDistance.hint(spec.model, among: project.models.map(\.name)))
                }
                dependsOn = model.dependsOn
            }
            let uniqueId: String
            switch test.kind {
            case .unit(let spec): uniqueId = NodeID.unitTest(package: projectName, model: versionOf[spec.model]?.model ?? spec.model, name: test.name)
            case .singular: uniqueId = NodeID.singularTest(package: projectName, name: test.name)
            case .generic(let name, let arguments):
                // dbt's generic test ids end in a hash of what the test is; its `model` names the target as dbt writes it.
                let model: String
                switch test.attachedTo {
                case .source(let source, let table)?: model = "source('\(source)', '\(table)')"
                case .model(let target)?:
                    model = versionOf[target].map { "ref('\($0.model)', version='\($0.version)')" } ?? "ref('\(target)')"
                case nil: model = ""
                }
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                uniqueId = NodeID.genericTest(package: test.package ?? projectName, name: test.name, suffix: TestNaming.uniqueIdSuffix(
                    name: test.name, test: parts.last ?? name, namespace: parts.count == 2 ? parts[0] : nil, arguments: arguments,
                    column: test.column, model: model))
                if let same = testIds[uniqueId] {
                    throw ProjectError("\(test.path): two tests are named '\(test.name)' with the same arguments (\(uniqueId)), declared in \(same) and "
                        + "\(test.path); dbt stops the same way: give one a `name:` of its own")
                }
                testIds[uniqueId] = test.path
            }
            // dbt renders a generic test's arguments (`values: ["{{ var('x') }}"]`) when it compiles
            // the test; its name and id come from them as written.
            var renderedTest = test
            if case .generic(let name, let arguments) = test.kind, arguments.contains(where: { $0.1.holdsJinja }) {
                do {
                    renderedTest = TestDefinition(name: test.name, kind: .generic(name: name, arguments: try rendered(arguments, base: config)),
                                                  attachedTo: test.attachedTo,
                                                  column: test.column, config: test.config, path: test.path)
                    renderedTest.package = test.package
                } catch {
                    templateError = "\(test.path): \(error)"
                }
            }
            var node = GraphNode(uniqueId: uniqueId, kind: .test, name: test.name, path: test.path, folders: test.folders,
                                 config: config, dependsOn: dependsOn, compiled: compiled, test: renderedTest, source: nil,
                                 description: "", columns: [])
            node.templateError = templateError
            if case .generic(let name, _) = test.kind {
                // The package whose test macro runs it: the one named (dbt_utils.x), else the first
                // along dbt's search (the declaring project, dbt's own, then every package).
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                let order = parts.count == 2 ? [parts[0]]
                    : [test.package ?? projectName, projectName, DbtBuiltinMacros.package] + project.macros.packages.map(\.name)
                let macroName = "test_" + (parts.last ?? name)
                let builtIn = parts.count == 1 && ["not_null", "unique", "accepted_values", "relationships"].contains(name)
                    && project.macros.environment.macro(named: macroName, in: test.package ?? projectName) == nil
                if let owner = builtIn ? DbtBuiltinMacros.package
                    : order.first(where: { project.macros.environment.macro(named: macroName, in: $0) != nil }) {
                    // dbt's parser takes not_null and unique without get_where_subquery.
                    node.macroDependencies = [NodeID.macro(package: owner, name: macroName)]
                        + (builtIn && ["not_null", "unique"].contains(name) ? [] : [NodeID.macro(package: DbtBuiltinMacros.package, name: "get_where_subquery")])
                }
            }
            // Every test has dbt's schema and alias (its failures' table, should it store them), as
            // dbt's parser names every node; a unit test stores nothing and has none.
            if case .unit = test.kind {} else {
                do {
                    node.relation = try naming.relation(of: node, package: test.package)
                } catch {
                    node.templateError = node.templateError ?? "\(test.path): \(error)"
                }
            }
            nodes.append(node)
        }
        // A package's nodes know its folder (their original_file_path is relative to it), its sources too.
        for index in nodes.indices where nodes[index].fqn.first != projectName {
            nodes[index].packageFolder = nodes[index].fqn.first.flatMap(project.packageFolder)
        }
        try ModelAccess.check(nodes, groups: project.groups)
        var graph = try ProjectGraph(projectName: projectName, nodes: nodes)
        if project.settings.isDbtProject { graph.qualifyingDatabase = project.settings.targetDatabaseName }
        return graph
    }
}
