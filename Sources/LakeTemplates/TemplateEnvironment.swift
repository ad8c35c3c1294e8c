/// What every render shares: global values, macros from macro files, and the filters and tests.
/// Set it up once, then render from any number of threads.
public final class TemplateEnvironment: @unchecked Sendable {
    public private(set) var globals: [String: Value] = [:]
    private(set) var macros: [String: MacroDefinition] = [:]
    let filters: [String: Filter] = Filters.all
    let tests: [String: TestFunction] = Tests.all

    public init() {
        globals = Builtins.globals
    }

    public func setGlobal(_ name: String, _ value: Value) { globals[name] = value }

    /// Makes every top-level macro of `template` callable by name from any template.
    public func register(macrosOf template: Template) {
        for macro in template.macros { macros[macro.name] = macro }
    }

    public func macro(named name: String) -> MacroDefinition? { macros[name] }
    public var macroNames: [String] { Array(macros.keys) }

    /// Renders `template` with `context` as its variables (they shadow globals).
    public func render(_ template: Template, context: [String: Value] = [:]) throws -> String {
        let interpreter = Interpreter(environment: self, source: template.source, context: context)
        return try interpreter.render(template.nodes)
    }

    /// Calls a registered macro (or a dbt generic test definition) with arguments, outside any template.
    public func call(_ macro: MacroDefinition, arguments: CallArguments, context: [String: Value] = [:]) throws -> Value {
        let interpreter = Interpreter(environment: self, source: macro.source, context: context)
        return try interpreter.callMacro(macro, arguments, caller: nil, at: macro.offset)
    }
}

typealias Filter = @Sendable (Value, CallArguments, Interpreter) throws -> Value
typealias TestFunction = @Sendable (Value, [Value], Interpreter) throws -> Bool
