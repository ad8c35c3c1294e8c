import LakeDuckDB
import LakeProject
import LakeTemplates

/// dbt's second phase: renders a node's template again with `execute` true just before it runs,
/// on the connection it runs on, so `run_query`, `is_incremental()` and the catalog questions
/// packages ask (`adapter.get_columns_in_relation`) see the warehouse as this run has left it —
/// its parents already built. Parsing (`execute` false) only found the refs and the configuration.
// Read-only once made (the project, graph and templates are immutable); every worker renders with its own connection.
struct NodeRenderer: @unchecked Sendable {
    let project: Project
    let graph: ProjectGraph
    let linker: Linker
    private let contexts: CompileContextFactory
    /// The templates of models and singular tests, by node.
    private let templates: [String: Template]
    /// The installed package of each package model, by node.
    private let packages: [String: String]
    /// The `{% snapshot %}` blocks, by node.
    private let snapshotBodies: [String: MacroDefinition]
    /// The relations (`schema.name`) the warehouse held when the run started.
    private let existingAtStart: Set<String>

    init(project: Project, graph: ProjectGraph, linker: Linker, contexts: CompileContextFactory, existingAtStart: Set<String>) {
        self.existingAtStart = existingAtStart
        self.project = project
        self.graph = graph
        self.linker = linker
        self.contexts = contexts
        var templates: [String: Template] = [:], packages: [String: String] = [:]
        let byName = Dictionary(project.models.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for node in graph.nodes.values {
            switch node.kind {
            case .model:
                templates[node.uniqueId] = byName[node.name]?.template
                packages[node.uniqueId] = byName[node.name]?.package
            case .test: if case .singular(let template)? = node.test?.kind { templates[node.uniqueId] = template }
            default: break
            }
        }
        self.templates = templates
        self.packages = packages
        var snapshotBodies: [String: MacroDefinition] = [:]
        for snapshot in project.snapshots { snapshotBodies[NodeID.snapshot(package: graph.projectName, name: snapshot.name)] = snapshot.body }
        self.snapshotBodies = snapshotBodies
    }

    /// `node` rendered for running on `connection`; a template error found while parsing fails it here.
    /// `rebuildingFromEmpty`: the model is emptied and built again (its change window is
    /// incomplete), so `is_incremental()` is false, as for a first build.
    func render(_ node: GraphNode, on connection: Connection, rebuildingFromEmpty: Bool = false) throws -> GraphNode {
        if let error = node.templateError { throw LakeError(error) }
        let compiler = NodeCompiler(environment: project.macros.environment)
        var context = contexts.context(for: node.name, base: node.config, package: packages[node.uniqueId])
        let relation = linker.relation(of: node)
        context.relationExists = existingAtStart.contains("\(relation.schema).\(relation.identifier)")
        if rebuildingFromEmpty { context.incrementalOverride = false }
        context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
        if node.kind != .test { context.model = node.templateValue(relation: relation) }
        if let body = snapshotBodies[node.uniqueId] {
            return node.rendered(try compiler.compileCall(body, arguments: CallArguments(callee: node.name), context: context))
        }
        guard let template = templates[node.uniqueId] else { return node }
        return node.rendered(try compiler.compile(template, context: context))
    }

    /// `options` for rendering with `execute` true: refs name their relations in the graph.
    static func executing(_ options: CompileOptions, graph: ProjectGraph, linker: Linker) -> CompileOptions {
        var executing = options
        executing.execute = true
        // With the database where the project's SQL names one, so `this` in run_query reads as the node's SQL.
        executing.relationNamed = { name in graph.node(named: name).map { linker.qualified(linker.relation(of: $0)) } }
        executing.linkForQuery = { reference in Self.text(of: reference, graph: graph, linker: linker) }
        return executing
    }

    /// dbt's `graph` as templates read it: `graph.nodes` and `graph.sources` by unique id, each
    /// node's name, resource_type, package_name, path, fqn, tags, config, description, columns,
    /// depends_on, and where it is materialized. Made once a run and shared by every render.
    /// `hooks` are on-run-start/end hooks, which dbt's graph lists as `operation` nodes.
    static func graphValue(_ graph: ProjectGraph, linker: Linker, hooks: [RunHooks.Hook] = [], targetSchema: String = "main",
                           groups: [GroupDefinition] = []) -> Value {
        var nodes: [(String, Value)] = [], sources: [(String, Value)] = [], exposures: [(String, Value)] = []
        for id in graph.order {
            guard let node = graph.nodes[id] else { continue }
            if node.kind == .source, let table = node.source {
                sources.append((id, node.templateValue(relation: linker.qualified(Relation(schema: table.schema, identifier: table.identifier)))))
            } else if node.kind == .exposure {
                exposures.append((id, node.templateValue()))
            } else {
                nodes.append((id, node.templateValue(relation: [.model, .seed, .snapshot, .ml].contains(node.kind) || node.relation != nil
                                                         ? linker.qualified(linker.relation(of: node)) : nil)))
            }
        }
        for hook in hooks {
            nodes.append((hook.uniqueId, hook.templateValue(schema: hook.schema ?? targetSchema, database: graph.qualifyingDatabase)))
        }
        return .dict([("nodes", .dict(nodes)), ("sources", .dict(sources)), ("exposures", .dict(exposures)), ("metrics", .dict([])),
                      ("groups", .dict(groups.map { $0.templateValue(package: graph.projectName) }))])
    }

    /// How SQL run at render time names a reference.
    static func text(of reference: RelationReference, graph: ProjectGraph, linker: Linker) -> String {
        switch reference {
        case .model(_, let name), .changes(let name):
            guard let target = graph.node(named: name) else { return Relation(identifier: name).description }
            let relation = linker.relation(of: target)
            if case .changes = reference { return ChangeWindow.everything(of: relation) }
            // As the node's own SQL names it: with the database where the project's SQL has one.
            return linker.qualified(relation).description
        case .source(let source, let table):
            guard let found = graph.sourceNode(source, table)?.source else { return Relation(identifier: table).description }
            return linker.sourceText(found)
        case .this: return "this"
        }
    }
}
