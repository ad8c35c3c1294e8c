/// A parsed template: ready to render any number of times, safe to share between threads.
public final class Template: Sendable {
    public let source: TemplateSource
    let nodes: [Node]
    /// Top-level `{% macro %}`s, callable from other templates once registered.
    public let macros: [MacroDefinition]
    /// dbt's `{% test name(model, column_name) %}` generic tests.
    public let tests: [MacroDefinition]
    /// dbt's `{% snapshot name %}…{% endsnapshot %}` blocks, rendered by calling them.
    public let snapshots: [MacroDefinition]
    /// dbt's `{% docs name %}…{% enddocs %}` blocks: collected, never rendered into SQL.
    public let docs: [String: String]
    /// dbt's `{% materialization %}` blocks (`materialization_<name>_<adapter>`): read so a package
    /// that defines one loads; lake builds models with its own materializations only.
    public let materializations: [MacroDefinition]

    public init(source: TemplateSource) throws {
        self.source = source
        var parser = Parser(source: source, tokens: try Lexer.tokenize(source))
        nodes = try parser.parseTemplate()
        var macros: [MacroDefinition] = []
        for node in nodes { if case .macro(let definition) = node { macros.append(definition) } }
        self.macros = macros
        tests = parser.tests
        snapshots = parser.snapshots
        docs = parser.docs
        materializations = parser.materializations
    }

    public convenience init(name: String, text: String, lenientUndefined: Bool = false) throws {
        try self.init(source: TemplateSource(name: name, text: text, lenientUndefined: lenientUndefined))
    }
}
