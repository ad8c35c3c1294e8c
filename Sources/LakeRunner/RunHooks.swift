import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// dbt's `on-run-start` and `on-run-end`: SQL rendered (with `execute` true) and run once before the
/// run's first node and after its last, on the run's own connection, in dbt 1.10's order: the root
/// project's, then every installed package's (by name, each in its package's context). Each is a
/// node of the run's results (`operation.<package>.<package>-on-run-start-0`), counted in the
/// summary; once one fails, the rest of that moment's are skipped. As in dbt (whose
/// `skip_nodes_if_on_run_start_fails` is off by default), the nodes run even when a start hook
/// failed; a failing hook fails the run. `on-run-end` sees `results` (each node's status, message
/// and node) and `schemas`.
struct RunHooks {
    let project: Project
    let graph: ProjectGraph
    let linker: Linker
    let contexts: CompileContextFactory

    enum Moment: String { case start = "on-run-start", end = "on-run-end" }

    /// One hook: whose, which, its SQL template.
    struct Hook {
        let package: String
        let moment: Moment
        let index: Int
        let text: String
        /// Where it is written, for messages.
        let file: String
        var name: String { "\(package)-\(moment.rawValue)-\(index)" }
        var uniqueId: String { NodeID.operation(package: package, name: name) }
        /// The macros its SQL calls itself, as dbt's parser records them (`depends_on.macros`).
        var macros: [String] = []
        /// The model configuration its package gives its place (`<package>/hooks/<name>`).
        var config = NodeConfig()
        /// The schema dbt names for it with `generate_schema_name` (nil: the target's).
        var schema: String?

        /// Its node in dbt's `graph`: an `operation`, configured as a model at its place with a
        /// model's defaults, as dbt parses it.
        func templateValue(schema: String, database: String?) -> Value {
            .dict([
                ("unique_id", .string(uniqueId)), ("name", .string(name)), ("resource_type", .string("operation")),
                ("package_name", .string(package)), ("path", .string("hooks/\(name).sql")),
                ("original_file_path", .string("./dbt_project.yml")), ("fqn", .list([.string(package), .string("hooks"), .string(name)])),
                ("index", .int(index)), ("tags", .list(([moment.rawValue] + config.tags).map(Value.string))), ("meta", .dict([])),
                ("config", .dict(GraphNode.configWithDefaults(config, kind: .model, materialization: config.materialized).map { ($0.0, $0.1.templateValue) })),
                ("description", .string("")), ("columns", .dict([])),
                ("depends_on", .dict([("nodes", .list([])), ("macros", .list(macros.map(Value.string)))])),
                ("schema", .string(schema)), ("alias", .string(name)),
                ("database", database.map(Value.string) ?? .none), ("relation_name", .none),
                ("raw_code", .string(text)),
            ])
        }
    }

    /// `hooks` with the macros each calls, from rendering it as dbt's parser does (`execute` false,
    /// in its package's context): its SQL, then the model hooks its package's configuration gives
    /// its place (`<package>/hooks/<name>`; dbt parses an operation as it parses a model). A hook
    /// that does not render here has no macros: it fails where it runs.
    static func parsed(_ hooks: [Hook], project: Project, contexts: CompileContextFactory) -> [Hook] {
        hooks.map { hook in
            var parsed = hook
            parsed.config = project.modelConfig(package: hook.package, at: ["hooks", hook.name])
            parsed.macros = NodeCompiler(environment: project.macros.environment).macros(
                calledBy: [hook.text] + parsed.config.hooks("pre_hook") + parsed.config.hooks("post_hook"), file: hook.file,
                context: contexts.context(for: hook.name, base: parsed.config, package: hook.package),
                lenientUndefined: project.settings.lenientUndefined)
            // dbt names an operation's schema as a model's (a project's generate_schema_name may read
            // its tags or fqn); a macro that fails for it leaves the target's schema.
            parsed.schema = try? RelationNaming(project: project, contexts: contexts).name(
                "schema", custom: parsed.config.schema, node: parsed.templateValue(schema: project.settings.targetSchema, database: nil),
                named: hook.name, config: parsed.config, package: hook.package)
            return parsed
        }
    }

    /// The hooks of `moment` in dbt's order: the root project's, then the packages' by name
    /// (dbt-core 1.10's RunTask sorts the root project's name before every other).
    static func hooks(_ moment: Moment, of project: Project) -> [Hook] {
        let root = moment == .start ? project.settings.onRunStart : project.settings.onRunEnd
        var hooks = root.enumerated().map { Hook(package: project.settings.name, moment: moment, index: $0, text: $1, file: project.settings.file) }
        for package in project.macros.packages.sorted(by: { $0.name < $1.name }) {
            let texts = moment == .start ? package.onRunStart : package.onRunEnd
            hooks += texts.enumerated().map { Hook(package: package.name, moment: moment, index: $0, text: $1, file: "\(package.folder)/dbt_project.yml") }
        }
        return hooks
    }

    func run(_ moment: Moment, on connection: Connection, results: [NodeResult] = [], schemas: [String] = []) -> [NodeResult] {
        var failed = false
        return Self.hooks(moment, of: project).enumerated().map { position, hook in
            let started = Date()
            // dbt names a hook in its results by its place in the moment's order: `<package>.on-run-start.<n>`,
            // and counts a failure for one that failed or was skipped.
            let name = "\(hook.package).\(moment.rawValue).\(position)"
            if failed {
                return NodeResult(uniqueId: hook.uniqueId, status: .skipped, message: "\(name) skipped",
                                  rows: nil, failures: 1, started: started, finished: started, sql: nil)
            }
            do {
                var context = contexts.context(for: hook.name, base: project.modelConfig(package: hook.package, at: ["hooks", hook.name]),
                                               package: hook.package)
                context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
                context.extraGlobals["schemas"] = .array(schemas.map(JSONValue.string))
                // dbt leaves out the hooks that succeeded (RunTask.after_run).
                let graphNodes = try? context.sharedValues["graph"]?.member("nodes")
                context.sharedValues["results"] = .list(results.filter { !(NodeID.isOperation($0.uniqueId) && $0.status == .success) }.map { result in
                    let node = (try? graphNodes?.member(result.uniqueId)) ?? nil
                    return .object(RunResultObject(result, node: node ?? .dict([("unique_id", .string(result.uniqueId)),
                                                                                   ("name", .string(NodeID.name(of: result.uniqueId)))])))
                })
                let template = try Template(name: "\(hook.file) (\(moment.rawValue) \(hook.index + 1))", text: hook.text,
                                            lenientUndefined: project.settings.lenientUndefined)
                let compiled = try NodeCompiler(environment: project.macros.environment).compile(template, context: context)
                let sql = compiled.link { reference in NodeRenderer.text(of: reference, graph: graph, linker: linker) }
                if !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try connection.execute(sql) }
                return NodeResult(uniqueId: hook.uniqueId, status: .success, message: "\(name) passed", rows: nil, failures: 0, started: started, finished: Date(), sql: sql)
            } catch {
                failed = true
                return NodeResult(uniqueId: hook.uniqueId, status: .error,
                                  message: "\(name) failed, error:\n \(hook.file): \(moment.rawValue) hook \(hook.index + 1): \(error)",
                                  rows: nil, failures: 1, started: started, finished: Date(), sql: hook.text)
            }
        }
    }
}
