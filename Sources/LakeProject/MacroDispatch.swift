import LakeTemplates
import TextSupport

/// dbt's `adapter.dispatch(name, macro_namespace)`: finds the implementation of a macro for DuckDB
/// — `duckdb__name`, else `default__name` — in the packages the project's `dispatch:` config names
/// for that namespace (else the root project, then the namespace itself), as dbt-core does.
public struct MacroDispatch: Sendable {
    /// The root project's name.
    public var rootPackage: String
    /// The packages a namespace may name: installed packages and `dbt`.
    public var dependencies: Set<String>
    /// `dispatch:` from the project file: namespace → packages to search, in order.
    public var searchOrders: [String: [String]]
    /// Where an unqualified name is looked up in the node being rendered.
    public var unqualifiedOrder: [String]

    /// The adapter's prefixes, most specific first (dbt-duckdb has no parent adapter).
    static let prefixes = ["duckdb", "default"]

    public init(rootPackage: String = "", dependencies: Set<String> = ["dbt"], searchOrders: [String: [String]] = [:],
                unqualifiedOrder: [String] = ["", "dbt"]) {
        self.rootPackage = rootPackage
        self.dependencies = dependencies
        self.searchOrders = searchOrders
        self.unqualifiedOrder = unqualifiedOrder
    }

    /// For a node of `package` in a project with these macros and `dispatch:` settings.
    public init(library: MacroLibrary, searchOrders: [String: [String]], nodePackage: String? = nil) {
        self.init(rootPackage: library.rootPackage, dependencies: library.dependencyNames, searchOrders: searchOrders,
                  unqualifiedOrder: library.searchOrder(forNodeIn: nodePackage ?? library.rootPackage))
    }

    /// The packages searched for `namespace` (nil: the node's own unqualified search).
    func searchPackages(_ namespace: String?) -> [String?] {
        guard let namespace else { return [nil] }
        if let order = searchOrders[namespace], !order.isEmpty { return order }
        if dependencies.contains(namespace) { return [rootPackage, namespace] }
        return [nil]
    }

    public func resolve(_ name: String, namespace: String?, in environment: TemplateEnvironment) throws -> MacroDefinition {
        if name.contains(".") {
            let parts = name.split(separator: ".", maxSplits: 1)
            throw TemplateFailure("In adapter.dispatch, got a macro name of \"\(name)\", but \".\" is not a valid macro name component. "
                + "Did you mean `adapter.dispatch(\"\(parts[1])\", macro_namespace=\"\(parts[0])\")`?")
        }
        var attempts: [String] = []
        for package in searchPackages(namespace) {
            for prefix in Self.prefixes {
                let candidate = "\(prefix)__\(name)"
                let found = package.map { environment.macro(named: candidate, in: $0) } ?? environment.macro(named: candidate, searching: unqualifiedOrder)
                attempts.append(package.map { "\($0).\(candidate)" } ?? candidate)
                if let found { return found }
            }
        }
        throw TemplateFailure("In dispatch: No macro named '\(name)' found within namespace: '\(namespace ?? "None")'\n    Searched for: "
            + attempts.map { "'\($0)'" }.joined(separator: ", "))
    }
}
