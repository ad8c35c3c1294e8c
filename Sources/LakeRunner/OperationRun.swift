import Foundation
import LakeProject
import LakeTemplates

extension Runner {
    /// `lake run-operation`: calls one macro (`name` or `package.name`, found as dbt's
    /// run-operation finds it) with `arguments` as its keyword arguments, rendered with `execute`
    /// true on a connection to the warehouse, so its `run_query` and `statement` calls write there.
    /// As in dbt-duckdb, each statement commits on its own: what ran before a failure stays.
    /// `log(…, info=True)`, `print` and `exceptions.warn` lines are printed as they happen; the
    /// macro's rendered text and its return value are not. The call is the run's one result
    /// (`macro.<package>.<name>`) in target/run_results.json; a failure prints dbt's line and
    /// exits non-zero.
    public func runOperation(_ name: String, arguments: [String: JSONValue]) throws -> RunSummary {
        which = "run-operation"
        return try logged {
            let started = Date()
            guard let (package, macro) = project.macros.operation(named: name) else {
                throw LakeError("no macro named '\(name)' in \(project.settings.name), its packages or dbt's: "
                    + "check the name, or install the package that has it (lake deps)")
            }
            let macroName = String(name.split(separator: ".").last!)
            for notice in project.notices { output("Note: \(notice)\n") }
            let (database, writerLock) = try openForWriting()
            defer { withExtendedLifetime(writerLock) { database.checkpointFile() } }
            let connection = try database.connect()
            let graph = try compileGraph(connection: connection)
            let linker = Linker(graph: graph, project: project)
            var context = executingContexts(graph: graph, linker: linker).context(for: macroName, base: NodeConfig(), package: package)
            context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
            let keyword = arguments.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.templateValue) }
            let id = NodeID.macro(package: package, name: macroName)
            var result: NodeResult
            do {
                _ = try NodeCompiler(environment: project.macros.environment)
                    .compileCall(macro, arguments: CallArguments(callee: macroName, keyword: keyword), context: context)
                result = NodeResult(uniqueId: id, status: .success, message: "", rows: nil, failures: 0, started: started, finished: Date(), sql: nil)
            } catch {
                output("Encountered an error while running operation: \(error)\n")
                result = NodeResult(uniqueId: id, status: .error, message: "\(error)", rows: nil, failures: 1, started: started, finished: Date(), sql: nil)
            }
            let seconds = Date().timeIntervalSince(started)
            try writeArtifacts(graph: graph, linker: linker, results: [result], seconds: seconds, invocation: invocationId)
            return RunSummary(runId: invocationId, results: [result], seconds: seconds)
        }
    }
}
