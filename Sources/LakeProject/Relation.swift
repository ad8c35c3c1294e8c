import LakeDuckDB

/// A table or view in the warehouse, as SQL names it.
public struct Relation: Hashable, Sendable, CustomStringConvertible {
    public var database: String?
    public var schema: String
    public var identifier: String

    public init(database: String? = nil, schema: String = "main", identifier: String) {
        self.database = database
        self.schema = schema
        self.identifier = identifier
    }

    /// Quoted and qualified: "main"."gold_cluster_util_daily".
    public var description: String {
        ([database, schema].compactMap { $0 } + [identifier]).map(Self.quote).joined(separator: ".")
    }

    /// The same relation named in `database` when it names none of its own.
    public func qualified(by database: String) -> Relation {
        self.database == nil ? Relation(database: database, schema: schema, identifier: identifier) : self
    }

    /// The schema it lives in, as SQL names it ("db"."schema", or "schema").
    public var schemaText: String { ([database, schema].compactMap { $0 }).map(Self.quote).joined(separator: ".") }

    /// A SQL string literal: the text in single quotes, inner quotes doubled.
    public static func literal(_ text: String) -> String { SQLText.literal(text) }

    /// A SQL identifier in double quotes, inner quotes doubled.
    public static func quote(_ name: String) -> String { SQLText.quote(name) }
}

/// What a `ref()`, `source()` or `this` in a model points at, before it is resolved to a relation.
public enum RelationReference: Hashable, Sendable, CustomStringConvertible {
    case model(package: String?, name: String)
    case source(source: String, table: String)
    /// The model being compiled (`{{ this }}`).
    case this
    /// What changed in a model's table since the model being compiled last read it (`changes(ref('x'))`).
    case changes(model: String)

    public var description: String {
        switch self {
        case .model(let package, let name): package.map { "ref('\($0)', '\(name)')" } ?? "ref('\(name)')"
        case .source(let source, let table): "source('\(source)', '\(table)')"
        case .this: "this"
        case .changes(let model): "changes(ref('\(model)'))"
        }
    }
}
