import LakeTemplates

/// Where a model or seed is materialized, as dbt decides it: its configured `schema`, `alias` and
/// `database` passed through the `generate_schema_name`, `generate_alias_name` and
/// `generate_database_name` macros — the root project's when it defines them, else the node's
/// package's, else dbt's own (`main_<schema>`, the name, the target's database).
public struct RelationNaming {
    let project: Project
    let compiler: NodeCompiler
    let contexts: CompileContextFactory

    public init(project: Project, contexts: CompileContextFactory) {
        self.init(project: project, compiler: NodeCompiler(environment: project.macros.environment), contexts: contexts)
    }

    init(project: Project, compiler: NodeCompiler, contexts: CompileContextFactory) {
        self.project = project
        self.compiler = compiler
        self.contexts = contexts
    }

    /// The relation of `node` (a model or seed of `package`, nil for the root project); a macro's
    /// failure is the node's template error.
    func relation(of node: GraphNode, package: String?) throws -> Relation {
        let target = contexts.context(for: node.name, base: node.config).target
        let object = node.templateValue()
        func generate(_ component: String, custom: String?) throws -> String {
            try name(component, custom: custom, node: object, named: node.name, config: node.config, package: package)
        }
        // A test's failures (store_failures) go to its schema, by default dbt's `dbt_test__audit`.
        let schema = try generate("schema", custom: node.config.schema ?? (node.kind == .test ? "dbt_test__audit" : nil))
        let identifier = try generate("alias", custom: node.config.alias)
        let database = try generate("database", custom: node.config["database"]?.stringValue)
        return Relation(database: database == target.databaseName || database.isEmpty ? nil : database, schema: schema, identifier: identifier)
    }

    /// What `generate_<component>_name(custom, node)` renders for a node (`node` as templates read
    /// it, e.g. an on-run hook's operation node, which dbt names a schema for too).
    public func name(_ component: String, custom: String?, node: Value, named name: String, config: NodeConfig, package: String?) throws -> String {
        let order = [project.settings.name] + (package.map { [$0] } ?? []) + [DbtBuiltinMacros.package]
        guard let macro = project.macros.environment.macro(named: "generate_\(component)_name", searching: order) else {
            throw TemplateFailure("no generate_\(component)_name macro")
        }
        let arguments = CallArguments(callee: macro.name, positional: [custom.map(Value.string) ?? .none, node])
        let rendered = try compiler.compileCall(macro, arguments: arguments, context: contexts.context(for: name, base: config, package: package))
        return rendered.sqlTemplate.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
