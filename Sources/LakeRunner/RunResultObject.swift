import LakeTemplates

/// One node's result as dbt's on-run-end hooks see it in `results` (dbt's RunResult): its fields
/// as attributes (`result.status`, `result.node.name`, …) and `to_dict()`, which elementary's
/// on-run-end reads them through. The fields are run_results.json's, with `node` the node as
/// `graph` holds it.
final class RunResultObject: TemplateObject {
    let fields: [(String, Value)]

    init(_ result: NodeResult, node: Value) {
        fields = Artifacts.runResult(result).map { ($0.0, $0.1.templateValue) } + [("node", node)]
    }

    var typeName: String { "RunResult" }
    var rendered: String { "RunResult(\(fields.first { $0.0 == "unique_id" }.map { (try? $0.1.rendered()) ?? "" } ?? ""))" }

    func attribute(_ name: String) throws -> Value? {
        if name == "to_dict" { return .function(Function("to_dict") { [fields] _ in .dict(fields) }) }
        return fields.first { $0.0 == name }?.1
    }
}
