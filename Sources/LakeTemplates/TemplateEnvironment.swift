/// What every render shares: global values, macros from macro files, and the filters and tests.
/// Set it up once, then render from any number of threads.
///
/// Macros belong to packages (dbt's projects: the root project, each installed package, dbt's own
/// macros). A render names the packages an unqualified macro name is searched in, in order
/// (`searchOrder`); every package is also a namespace a template can name (`dbt_utils.star(...)`).
public final class TemplateEnvironment: @unchecked Sendable {
    public private(set) var globals: [String: Value] = [:]
    /// Package name → macro name → macro.
    private(set) var packages: [String: [String: MacroDefinition]] = [:]
    /// Each registered macro's package and name (its first registration's).
    private var registeredNames: [ObjectIdentifier: (package: String, name: String)] = [:]
    /// The packages an unqualified name is searched in when a render names none.
    public var defaultSearchOrder: [String] = [""]
    let filters: [String: Filter] = Filters.all
    let tests: [String: TestFunction] = Tests.all

    public init() {
        globals = Builtins.globals
    }

    /// Makes every top-level macro of `template` callable by name from any template, in `package`.
    /// A later macro of the same name in the same package replaces an earlier one.
    public func register(macrosOf template: Template, package: String = "") {
        for macro in template.macros { register(macro, as: macro.name, package: package) }
    }

    /// Registers one macro under `name` (dbt registers a `{% test x %}` block as the macro `test_x`).
    public func register(_ macro: MacroDefinition, as name: String, package: String) {
        packages[package, default: [:]][name] = macro
        if registeredNames[ObjectIdentifier(macro)] == nil { registeredNames[ObjectIdentifier(macro)] = (package, name) }
    }

    /// The package and name `macro` was registered under; nil for a macro of a template's own.
    public func registeredName(of macro: MacroDefinition) -> (package: String, name: String)? { registeredNames[ObjectIdentifier(macro)] }

    public var packageNames: [String] { Array(packages.keys) }

    /// The macro `name` of `package`, or nil.
    public func macro(named name: String, in package: String) -> MacroDefinition? { packages[package]?[name] }
    /// Every macro of `package`, by the name it is registered under (a generic test's `test_<name>` included).
    public func macros(in package: String) -> [String: MacroDefinition] { packages[package] ?? [:] }

    /// The first macro called `name` along `searchOrder`.
    public func macro(named name: String, searching searchOrder: [String]? = nil) -> MacroDefinition? {
        for package in searchOrder ?? defaultSearchOrder { if let macro = packages[package]?[name] { return macro } }
        return nil
    }

    /// Names the "did you mean" hints of an unqualified lookup choose from.
    func macroNames(searching searchOrder: [String]) -> [String] {
        searchOrder.flatMap { Array(packages[$0]?.keys ?? [:].keys) }
    }

    /// A macro as a value a template (or host code such as dbt's `adapter.dispatch`) can call.
    public func callable(_ macro: MacroDefinition) -> Value {
        .function(Interpreter.macroFunction(macro))
    }

    /// Renders `template` with `context` as its variables (they shadow globals); unqualified macro
    /// names are searched in `searchOrder` (default: `defaultSearchOrder`). `onTopLevelCall` hears
    /// of each call the template makes itself.
    /// `overrides`: macros replaced by values for this render, by package then name.
    public func render(_ template: Template, context: [String: Value] = [:], searchOrder: [String]? = nil,
                       overrides: [String: [String: Value]] = [:], onTopLevelCall: ((TopLevelCall) -> Void)? = nil) throws -> String {
        let interpreter = Interpreter(environment: self, source: template.source, context: context,
                                      searchOrder: searchOrder ?? defaultSearchOrder, overrides: overrides)
        interpreter.onTopLevelCall = onTopLevelCall
        return try interpreter.render(template.nodes)
    }

    /// Calls a registered macro (or a dbt generic test definition, or a snapshot's block) with
    /// arguments, outside any template. `onTopLevelCall` hears of each call its body makes itself.
    public func call(_ macro: MacroDefinition, arguments: CallArguments, context: [String: Value] = [:],
                     searchOrder: [String]? = nil, overrides: [String: [String: Value]] = [:],
                     onTopLevelCall: ((TopLevelCall) -> Void)? = nil) throws -> Value {
        let interpreter = Interpreter(environment: self, source: macro.source, context: context, searchOrder: searchOrder ?? defaultSearchOrder,
                                      overrides: overrides)
        interpreter.onTopLevelCall = onTopLevelCall
        interpreter.topLevelDepth = 1
        return try interpreter.callMacro(macro, arguments, caller: nil, at: macro.offset)
    }
}

/// A package's macros as one name in a template: `dbt_utils.star(...)`, `dbt.date_trunc(...)`.
final class PackageNamespace: TemplateObject {
    let package: String
    let environment: TemplateEnvironment
    /// The render's replacements of this package's macros.
    let overrides: [String: Value]
    init(package: String, environment: TemplateEnvironment, overrides: [String: Value] = [:]) {
        self.package = package
        self.environment = environment
        self.overrides = overrides
    }

    var typeName: String { "package" }
    var rendered: String { "<package \(package)>" }
    func attribute(_ name: String) throws -> Value? {
        overrides[name] ?? environment.macro(named: name, in: package).map(environment.callable)
    }

    var macroNames: [String] { environment.macroNames(searching: [package]) }
}

typealias Filter = @Sendable (Value, CallArguments, Interpreter) throws -> Value
typealias TestFunction = @Sendable (Value, [Value], Interpreter) throws -> Bool
