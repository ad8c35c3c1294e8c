import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// dbt's `on-run-start` and `on-run-end`: SQL rendered (with `execute` true) and run once before the
/// run's first node and after its last, on the run's own connection. Each is a node of the run's
/// results (`operation.<project>.<project>-on-run-start-0`); `on-run-end` sees `results` (each
/// node's status, message and node) and `schemas`. A failing start hook stops the run before any
/// node; a failing end hook fails the run.
struct RunHooks {
    let project: Project
    let graph: ProjectGraph
    let linker: Linker
    let contexts: CompileContextFactory

    enum Moment: String { case start = "on-run-start", end = "on-run-end" }

    func run(_ moment: Moment, on connection: Connection, results: [NodeResult] = [], schemas: [String] = []) -> [NodeResult] {
        let hooks = moment == .start ? project.settings.onRunStart : project.settings.onRunEnd
        let name = project.settings.name
        return hooks.enumerated().map { index, text in
            let started = Date()
            let id = NodeID.operation(package: name, name: "\(name)-\(moment.rawValue)-\(index)")
            do {
                var context = contexts.context(for: "\(name)-\(moment.rawValue)-\(index)", base: NodeConfig())
                context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
                context.extraGlobals["schemas"] = .array(schemas.map(JSONValue.string))
                context.extraGlobals["results"] = .array(results.map { result in
                    .object([("status", .string(result.status.rawValue)), ("message", .string(result.message)),
                             ("execution_time", .double(result.finished.timeIntervalSince(result.started))),
                             ("node", .object([("unique_id", .string(result.uniqueId)),
                                               ("name", .string(NodeID.name(of: result.uniqueId)))]))])
                })
                let template = try Template(name: "\(project.settings.file) (\(moment.rawValue) \(index + 1))", text: text,
                                            lenientUndefined: project.settings.lenientUndefined)
                let compiled = try NodeCompiler(environment: project.macros.environment).compile(template, context: context)
                let sql = compiled.link { reference in NodeRenderer.text(of: reference, graph: graph, linker: linker) }
                if !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try connection.execute(sql) }
                return NodeResult(uniqueId: id, status: .success, message: "", rows: nil, failures: 0, started: started, finished: Date(), sql: sql)
            } catch {
                return NodeResult(uniqueId: id, status: .error, message: "\(moment.rawValue) hook \(index + 1): \(error)", rows: nil,
                                  failures: nil, started: started, finished: Date(), sql: text)
            }
        }
    }
}
