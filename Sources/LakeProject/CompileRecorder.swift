import LakeTemplates

/// What one compilation collects while its template runs: references, configuration, log lines.
final class CompileRecorder {
    private(set) var references: [RelationReference] = []
    private var referenceIndex: [RelationReference: Int] = [:]
    var config: [(String, JSONValue)] = []
    var logs: [String] = []
    /// `{% call statement(name, fetch_result=True) %}` results, for `load_result(name)`.
    var statements: [String: QueryTable] = [:]
    /// Configuration from the project (folders), under the template's own `config()` calls.
    let baseConfig: NodeConfig
    /// The macros the template called itself, as dbt's ids, in first-call order (dbt's
    /// `depends_on.macros`: not the macros those call).
    private(set) var macros: [String] = []

    func called(macro id: String) {
        if !macros.contains(id) { macros.append(id) }
    }

    init(baseConfig: NodeConfig) { self.baseConfig = baseConfig }

    /// The placeholder for `reference`, recording it the first time.
    func placeholder(for reference: RelationReference) -> String {
        if let index = referenceIndex[reference] { return Placeholder.make(index) }
        referenceIndex[reference] = references.count
        references.append(reference)
        return Placeholder.make(references.count - 1)
    }

    /// The reference a placeholder stands for.
    func reference(renderedAs text: String) -> RelationReference? {
        references.first { Placeholder.make(referenceIndex[$0]!) == text }
    }

    var effectiveConfig: NodeConfig {
        var merged = baseConfig
        merged.merge(config)
        return merged
    }
}
