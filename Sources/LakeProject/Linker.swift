import Foundation
import LakeTemplates

/// Turns compiled SQL into SQL DuckDB runs: references become relations, ephemeral models become
/// CTEs, sources with a `location` read their files.
public struct Linker {
    public let graph: ProjectGraph
    /// dbt's --empty: a ref or source in a node's SQL reads `(select * from x where false limit 0)`.
    public var readsNoRows = false
    /// A source's relative file location is read from here: the project's folder, or in a dbt
    /// project the folder lake was started in, where dbt-duckdb's DuckDB opens relative paths
    /// (ProjectSettings.profilePathBase); never from wherever the process happens to be.
    public let fileBase: String

    public init(graph: ProjectGraph, fileBase: String) {
        self.graph = graph
        self.fileBase = fileBase
    }

    public init(graph: ProjectGraph, project: Project) {
        self.init(graph: graph, fileBase: project.settings.profilePathBase ?? project.root)
    }

    /// A relative path made absolute from `fileBase`.
    public func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (fileBase as NSString).appendingPathComponent(path)
    }

    /// The relation a model or seed is materialized as: what dbt's naming macros made of its
    /// `schema`, `alias` and `database` (RelationNaming); without them, dbt's default naming
    /// (main_<schema>, the alias or name).
    public func relation(of node: GraphNode) -> Relation {
        if let relation = node.relation { return relation }
        let schema = node.config.schema.map { "main_\($0)" } ?? "main"
        return Relation(schema: schema, identifier: node.config.alias ?? node.name)
    }

    /// What SQL reads for `ref('x')` or `source('a', 'b')` written as text in YAML (a relationships
    /// test's `to:`, a foreign key's `to:`). `qualified: false` leaves the database out: DuckDB
    /// takes a foreign key only to a table it names without one.
    public func text(ofReference text: String, qualified: Bool = true) throws -> String {
        if let (source, table) = RefText.source(text) {
            guard let found = graph.sourceNode(source, table)?.source else { throw ProjectError("no source \(text)") }
            return sourceText(found)
        }
        guard let node = graph.node(named: RefText.modelName(text)) else { throw ProjectError("\(text) names no model") }
        return (qualified ? self.qualified(relation(of: node)) : relation(of: node)).description
    }

    /// How SQL names a source table: its file (read by DuckDB's replacement scan) or its relation.
    public func sourceText(_ table: SourceTable) -> String {
        if let location = table.location {
            // dbt-duckdb's external_location is a format string ({name}, {identifier}), and may be
            // an expression DuckDB reads (read_csv('…', header = true)) rather than a path.
            let formatted = location.replacingOccurrences(of: "{name}", with: table.name).replacingOccurrences(of: "{identifier}", with: table.identifier)
            if formatted.contains("(") { return formatted }
            return Relation.literal(absolute(formatted))
        }
        return qualified(Relation(schema: table.schema, identifier: table.identifier)).description
    }

    /// `relation` as SQL names it in a node: with the project's qualifying database where it has
    /// none of its own (see `ProjectGraph.qualifyingDatabase`).
    public func qualified(_ relation: Relation) -> Relation {
        graph.qualifyingDatabase.map(relation.qualified(by:)) ?? relation
    }

    /// The SQL of `node` ready to run, with the CTEs of every ephemeral model it reads; `changes()`
    /// reads `window` (every row, without one).
    /// `batch`: a microbatch model's batch, which every ref (and source) configuring `event_time` is filtered to.
    public func sql(for node: GraphNode, changes window: ChangeWindow? = nil, batch: Microbatch.Window? = nil) throws -> String {
        guard let compiled = node.compiled else { return "" }
        var ctes: [(name: String, sql: String)] = []
        let body = try link(compiled, of: node, ctes: &ctes, changes: window, batch: batch)
        return Self.inject(ctes, into: body)
    }

    /// A relation read within a batch: dbt's event time filter, `(select * from rel where …) alias`.
    /// A ref or source as a node's SQL reads it: limited to no rows under --empty, then filtered to
    /// a microbatch's window, as dbt-duckdb renders them (a DuckDB relation needs no subquery alias,
    /// so none is added: `ref('x') as y` stays valid).
    private func filtered(_ text: String, eventTime: String?, batch: Microbatch.Window?) -> String {
        guard let batch, let eventTime else { return limited(text) }
        return "(select * from \(limited(text)) where \(batch.filter(column: eventTime)))"
    }

    /// A relation as a node reads it: under --empty, no rows of it.
    public func limited(_ text: String) -> String {
        readsNoRows ? "(select * from \(text) where false limit 0)" : text
    }

    /// Links `compiled`, adding each ephemeral model it reads (and theirs, first) to `ctes`.
    public func link(_ compiled: CompiledNode, of node: GraphNode, ctes: inout [(name: String, sql: String)],
                     changes window: ChangeWindow? = nil, batch: Microbatch.Window? = nil) throws -> String {
        var pending: [GraphNode] = []
        let text = try compiled.link { reference -> String in
            switch reference {
            case .this: return qualified(relation(of: node)).description
            case .source(let source, let table):
                guard let found = graph.sourceNode(source, table)?.source else {
                    throw ProjectError("\(node.path): source('\(source)', '\(table)') is not declared")
                }
                return filtered(sourceText(found), eventTime: found.eventTime, batch: batch)
            case .model(_, let name):
                guard let target = graph.node(named: name), target.kind != .test else {
                    throw ProjectError("\(node.path): ref('\(name)') names no enabled model")
                }
                if target.isEphemeralModel {
                    pending.append(target)
                    return Self.cteName(name)
                }
                let relation = qualified(relation(of: target))
                return filtered(relation.description, eventTime: target.config["event_time"]?.stringValue, batch: batch)
            case .changes(let name):
                guard let target = graph.node(named: name), target.kind != .test else {
                    throw ProjectError("\(node.path): changes(ref('\(name)')) names no enabled model")
                }
                guard ["table", "incremental"].contains(target.config.materialized) || target.kind == .seed else {
                    throw ProjectError("\(node.path): changes(ref('\(name)')) reads a table's change feed, and \(name) is "
                        + "materialized as \(target.config.materialized)")
                }
                return window?.sql(for: relation(of: target)) ?? ChangeWindow.everything(of: relation(of: target))
            }
        }
        for ephemeral in pending { try appendCTE(of: ephemeral, to: &ctes) }
        return text
    }

    /// An ephemeral model as the CTE `__dbt__cte__<name>` (after the CTEs it reads), once.
    public func appendCTE(of ephemeral: GraphNode, to ctes: inout [(name: String, sql: String)]) throws {
        guard !ctes.contains(where: { $0.name == Self.cteName(ephemeral.name) }), let inner = ephemeral.compiled else { return }
        let innerSQL = try link(inner, of: ephemeral, ctes: &ctes)
        if !ctes.contains(where: { $0.name == Self.cteName(ephemeral.name) }) {
            ctes.append((Self.cteName(ephemeral.name), innerSQL))
        }
    }

    public static func cteName(_ model: String) -> String { "__dbt__cte__\(model)" }

    /// Puts CTEs in front of a query, merging with its own WITH if it has one: as dbt's
    /// _inject_ctes_into_sql, the first keyword after comments and whitespace, and after
    /// `with recursive` when the query's CTEs are recursive.
    public static func inject(_ ctes: [(name: String, sql: String)], into sql: String) -> String {
        guard !ctes.isEmpty else { return sql }
        let definitions = ctes.map { "\($0.name) as (\n\($0.sql)\n)" }.joined(separator: ",\n")
        let start = firstKeyword(in: sql, from: sql.startIndex)
        if let with = keyword(in: sql, at: start), with.word == "with" {
            var insertAt = with.end
            if let recursive = keyword(in: sql, at: firstKeyword(in: sql, from: with.end)), recursive.word == "recursive" { insertAt = recursive.end }
            return String(sql[..<insertAt]) + " " + definitions + ",\n" + sql[insertAt...].drop { $0 == " " }
        }
        return String(sql[..<start]) + "with " + definitions + "\n" + sql[start...]
    }

    /// Where the first word after whitespace and SQL comments (`-- …` and `/* … */`) begins.
    private static func firstKeyword(in sql: String, from index: String.Index) -> String.Index {
        var index = index
        while index < sql.endIndex {
            let rest = sql[index...]
            if sql[index].isWhitespace {
                index = sql.index(after: index)
            } else if rest.hasPrefix("--") {
                index = rest.firstIndex(of: "\n") ?? sql.endIndex
            } else if rest.hasPrefix("/*") {
                index = rest.range(of: "*/")?.upperBound ?? sql.endIndex
            } else {
                break
            }
        }
        return index
    }

    /// The lowercased word starting at `index` and where it ends, if one starts there.
    private static func keyword(in sql: String, at index: String.Index) -> (word: String, end: String.Index)? {
        let end = sql[index...].firstIndex { !($0.isLetter || $0 == "_") } ?? sql.endIndex
        return end > index ? (sql[index..<end].lowercased(), end) : nil
    }
}
