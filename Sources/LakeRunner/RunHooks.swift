import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// dbt's `on-run-start` and `on-run-end`: SQL rendered (with `execute` true) and run once before the
/// run's first node and after its last, on the run's own connection. dbt runs every installed
/// package's hooks too (by name, before the root project's); `graph` lists them as dbt's does, but
/// lake runs only the root project's and says so of a package's (elementary's, for one, need much
/// more of dbt's runtime: `dbt_version`, a `graph` its start hook writes into). Each is a node of
/// the run's results (`operation.<project>.<project>-on-run-start-0`); `on-run-end` sees `results`
/// (each node's status, message and node) and `schemas`. A failing start hook stops the run before
/// any node; a failing end hook fails the run.
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
            return parsed
        }
    }

    /// The hooks of `moment` in dbt's order: packages by name, then the root project.
    static func hooks(_ moment: Moment, of project: Project) -> [Hook] {
        var hooks: [Hook] = []
        for package in project.macros.packages.sorted(by: { $0.name < $1.name }) {
            let texts = moment == .start ? package.onRunStart : package.onRunEnd
            hooks += texts.enumerated().map { Hook(package: package.name, moment: moment, index: $0, text: $1, file: "\(package.folder)/dbt_project.yml") }
        }
        let root = moment == .start ? project.settings.onRunStart : project.settings.onRunEnd
        hooks += root.enumerated().map { Hook(package: project.settings.name, moment: moment, index: $0, text: $1, file: project.settings.file) }
        return hooks
    }

    func run(_ moment: Moment, on connection: Connection, results: [NodeResult] = [], schemas: [String] = []) -> [NodeResult] {
        Self.hooks(moment, of: project).filter { $0.package == project.settings.name }.map { hook in
            let started = Date()
            do {
                var context = contexts.context(for: hook.name, base: NodeConfig())
                context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
                context.extraGlobals["schemas"] = .array(schemas.map(JSONValue.string))
                context.extraGlobals["results"] = .array(results.map { result in
                    .object([("status", .string(result.status.rawValue)), ("message", .string(result.message)),
                             ("execution_time", .double(result.finished.timeIntervalSince(result.started))),
                             ("node", .object([("unique_id", .string(result.uniqueId)),
                                               ("name", .string(NodeID.name(of: result.uniqueId)))]))])
                })
                let template = try Template(name: "\(hook.file) (\(moment.rawValue) \(hook.index + 1))", text: hook.text,
                                            lenientUndefined: project.settings.lenientUndefined)
                let compiled = try NodeCompiler(environment: project.macros.environment).compile(template, context: context)
                let sql = compiled.link { reference in NodeRenderer.text(of: reference, graph: graph, linker: linker) }
                if !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try connection.execute(sql) }
                return NodeResult(uniqueId: hook.uniqueId, status: .success, message: "", rows: nil, failures: 0, started: started, finished: Date(), sql: sql)
            } catch {
                return NodeResult(uniqueId: hook.uniqueId, status: .error, message: "\(hook.file): \(moment.rawValue) hook \(hook.index + 1): \(error)",
                                  rows: nil, failures: nil, started: started, finished: Date(), sql: hook.text)
            }
        }
    }
}
