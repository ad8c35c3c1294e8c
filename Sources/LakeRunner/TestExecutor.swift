import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// Runs data tests: each yields its failing rows; the count decides pass, warn or fail.
// Read-only during a run; each worker passes its own connection.
struct TestExecutor: @unchecked Sendable {
    let project: Project
    let graph: ProjectGraph
    let linker: Linker
    /// How a custom generic test's macro is compiled: the run's `--vars` over the project's.
    let contexts: CompileContextFactory
    /// On a lake, dbt's built-in tests are checked on the rows changed since they last passed; nil
    /// checks every row.
    var changedRows: ChangedRowsCheck? = nil

    /// The SQL selecting a test's failing rows, and how they are counted (dbt's `fail_calc`, which a
    /// generic test's macro may set with `config()`). A custom generic test's macro is rendered with
    /// `execute` true; with a connection its `run_query` reads the warehouse.
    /// A custom generic test's SQL, and the `config()` its definition calls (dbt: below the test's
    /// own YAML config, above dbt_project.yml's).
    func failingRows(_ node: GraphNode, on connection: Connection? = nil) throws -> (sql: String, failCalc: String, definition: [(String, JSONValue)]) {
        let configured = node.config["fail_calc"]?.stringValue ?? "count(*)"
        guard let test = node.test, case .generic(let name, let arguments) = test.kind,
              !["not_null", "unique", "accepted_values", "relationships"].contains(name) else {
            return (try failingRowsSQL(node), configured, [])
        }
        let compiled = try compileGeneric(node, name: name, arguments: arguments, on: connection)
        var ctes: [(name: String, sql: String)] = []
        // A test of an ephemeral model reads it as dbt does: the relation __dbt__cte__<model>, its CTE in front.
        if let ephemeral = attachedEphemeral(test), node.config["where"]?.stringValue?.isEmpty ?? true {
            try linker.appendCTE(of: ephemeral, to: &ctes)
        }
        let sql = try linker.link(compiled, of: node, ctes: &ctes)
        let failCalc = test.config["fail_calc"]?.stringValue ?? compiled.config.last { $0.0 == "fail_calc" }?.1.stringValue ?? configured
        return (Linker.inject(ctes, into: sql), failCalc, compiled.config)
    }

    /// A custom generic test's macro, called with the test's arguments.
    private func compileGeneric(_ node: GraphNode, name: String, arguments: [(String, JSONValue)], on connection: Connection?) throws -> CompiledNode {
        guard let test = node.test, let macro = project.macros.genericTest(named: name) else { throw LakeError("no generic test named '\(name)'") }
        var context = contexts.context(for: node.name, base: node.config)
        // dbt's get_where_subquery: the relation itself (its database, schema, identifier), or with
        // `where` a subquery.
        let modelValue: Value
        if let condition = node.config["where"]?.stringValue, !condition.isEmpty {
            modelValue = .string(try modelText(test, where: condition))
        } else if let ephemeral = attachedEphemeral(test) {
            // dbt's Relation.create_ephemeral_from: no database or schema, the CTE's name unquoted.
            modelValue = TemplateRelation.ephemeral(cteName: Linker.cteName(ephemeral.name))
        } else {
            let target = try attached(test)
            modelValue = target.relation.map { TemplateRelation.value($0, databaseName: context.target.databaseName, text: target.text) } ?? .string(target.text)
        }
        var keyword: [(name: String, value: Value)] = [("model", modelValue)]
        if let columnName = test.column { keyword.append(("column_name", .string(columnName))) }
        for (key, value) in arguments {
            if let text = value.stringValue, text.hasPrefix("ref(") || text.hasPrefix("source(") {
                keyword.append((key, .string(try referenceText(text))))
            } else {
                keyword.append((key, value.templateValue))
            }
        }
        if let connection { context.runQuery = WarehouseQueryRunner.runQuery(on: connection) }
        return try NodeCompiler(environment: project.macros.environment).compileCall(macro, arguments: CallArguments(callee: name, keyword: keyword),
                                                                                    context: context)
    }

    /// The SQL selecting a test's failing rows; with `changes` (a built-in test that
    /// ChangedRowsCheck.relations accepts), those among the rows changed within the window.
    func failingRowsSQL(_ node: GraphNode, changes: StagedChanges? = nil) throws -> String {
        guard let test = node.test else { throw LakeError("\(node.name) is not a test") }
        switch test.kind {
        case .unit:
            throw LakeError("\(node.path): unit test \(node.name) compares its model's output with rows; it runs in lake test and lake run")
        case .singular:
            return try linker.sql(for: node)
        case .generic(let name, let arguments):
            let model = try modelText(test, where: node.config["where"]?.stringValue)
            // dbt writes a test's column_name (and relationships' field) into the SQL as it is, so
            // it may be an expression (`concat(a, b)`); a lake.yml project's names are quoted.
            let identifier = { (text: String) in project.settings.isDbtProject ? text : Relation.quote(text) }
            let column = test.column.map(identifier) ?? ""
            func argument(_ key: String) -> JSONValue? { arguments.first { $0.0 == key }?.1 }
            // Checking changes: row checks read the inserted rows; a key can repeat or lose its
            // parent only where a row was inserted (or, for relationships, a parent deleted).
            let inserted = changes?.inserted
            switch name {
            case "not_null":
                return "select * from \(inserted ?? model) where \(column) is null"
            case "unique":
                let touched = inserted.map { " and \(column) in (select \(column) from \($0))" } ?? ""
                return "select \(column) as unique_field, count(*) as n_records from \(model) where \(column) is not null\(touched) group by \(column) having count(*) > 1"
            case "accepted_values":
                return "select \(column) as value_field, count(*) as n_records from \(inserted ?? model) where \(column) not in (\(acceptedList(argument))) group by \(column)"
            case "relationships":
                let toText = argument("to")?.stringValue ?? ""
                let to = try referenceText(toText)
                let field = identifier(argument("field")?.stringValue ?? "")
                // Checking changes, the children that can lack a parent: those inserted, and those of
                // parent keys lost (read from the child table only when some key was lost).
                var children = model
                if let inserted {
                    children = changes?.lostParentKeys.map { "(select * from \(inserted) union all select * from \(model) where \(column) in (select key from \($0)))" }
                        ?? inserted
                }
                return """
                    select child.\(column) as from_field from \(children) as child
                    left join \(to) as parent on child.\(column) = parent.\(field)
                    where child.\(column) is not null and parent.\(field) is null
                    """
            default:
                return try failingRows(node).sql
            }
        }
    }

    /// `values` quoted as strings unless `quote: false`.
    private func acceptedList(_ argument: (String) -> JSONValue?) -> String {
        let quote = argument("quote")?.boolValue ?? true
        return (argument("values")?.arrayValue ?? []).map { value -> String in
            let text: String = switch value {
            case .string(let string): string
            case .int(let number): String(number)
            case .double(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            default: "null"
            }
            return quote ? Relation.literal(text) : text
        }.joined(separator: ", ")
    }

    /// The tested relation, narrowed by the test's `where` config.
    private func modelText(_ test: TestDefinition, where condition: String?) throws -> String {
        let base = try attached(test).text
        guard let condition, !condition.isEmpty else { return base }
        return "(select * from \(base) where \(condition)) as dbt_subquery"
    }

    /// How a test's SQL reads a `ref(...)` or `source(...)` among its arguments: the relation, or
    /// an ephemeral model's query as a subquery (dbt injects it as a CTE).
    private func referenceText(_ text: String) throws -> String {
        if RefText.source(text) == nil, let node = graph.node(named: RefText.modelName(text)), node.isEphemeralModel {
            return "(\(try linker.sql(for: node)))"
        }
        return try linker.text(ofReference: text)
    }

    /// The ephemeral model a generic test is attached to, if it is one.
    private func attachedEphemeral(_ test: TestDefinition) -> GraphNode? {
        guard case .model(let name)? = test.attachedTo, let node = graph.node(named: name), node.isEphemeralModel else { return nil }
        return node
    }

    /// What a generic test is attached to: how SQL reads it, and its relation (nil for an ephemeral
    /// model, read as a subquery).
    private func attached(_ test: TestDefinition) throws -> (text: String, relation: Relation?) {
        switch test.attachedTo {
        case .model(let name)?:
            guard let node = graph.node(named: name) else { throw LakeError("\(test.path): no model '\(name)'") }
            if node.isEphemeralModel { return ("(\(try linker.sql(for: node)))", nil) }
            // Qualified as a ref() in the test's SQL would be (dbt prints "db"."main"."x"); under
            // --empty it reads no rows, as the ref would.
            let relation = linker.qualified(linker.relation(of: node))
            return (linker.limited(relation.description), relation)
        case .source(let source, let table)?:
            guard let found = graph.sourceNode(source, table)?.source else { throw LakeError("no source \(source).\(table)") }
            return (linker.limited(linker.sourceText(found)), Relation(schema: found.schema, identifier: found.identifier))
        case nil: throw LakeError("\(test.name) has no model")
        }
    }

    // MARK: - Running

    /// Runs one test: counts its failing rows, keeps them if `store_failures`, judges the count.
    /// `changesSince`: the snapshot after which the changed rows alone were checked, nil when every row was.
    func run(_ node: GraphNode, on connection: Connection) throws -> (status: NodeStatus, failures: Int, message: String, sql: String, changesSince: Int?) {
        if case .unit(let spec)? = node.test?.kind {
            let outcome = try UnitTestRunner(project: project, graph: graph, linker: linker, contexts: contexts).run(node, spec: spec, on: connection)
            return (outcome.failures == 0 ? .pass : .fail, outcome.failures, outcome.message, outcome.sql, nil)
        }
        let (sql, failCalc, definition) = try failingRows(node, on: connection)
        // On a lake, a built-in test that passed before first checks the rows changed since; only
        // when those show a failure (or there is no baseline) does it read every row.
        let relations = changedRows == nil ? nil : ChangedRowsCheck.relations(of: node, graph: graph, linker: linker)
        let fingerprint = relations == nil ? "" : TestBaselines.fingerprint(sql)
        var start: (now: (id: Int, committed: String), window: ChangeWindow?)?
        if let changedRows, let relations {
            start = try changedRows.start([node.uniqueId], fingerprints: [fingerprint], reading: [relations.model] + (relations.parent.map { [$0.relation] } ?? []),
                                          on: connection)
            if let window = start?.window {
                let staged = try changedRows.stage(window, model: relations.model, parent: relations.parent, on: connection)
                defer { changedRows.unstage(on: connection) }
                let changedSQL = try failingRowsSQL(node, changes: staged)
                if try connection.query("select count(*) from (\n\(changedSQL)\n) as dbt_internal_test").scalar(Int.self) == 0 {
                    changedRows.finish(node.uniqueId, passedAt: start?.now, fingerprint: fingerprint)
                    let (status, message) = try judge(node, failures: 0, definition: definition)
                    return (status, 0, message, changedSQL, window.since)
                }
            }
        }
        let failures = try connection.query("select \(failCalc) from (\n\(sql)\n) as dbt_internal_test").scalar(Int.self) ?? 0
        if let changedRows, let start {
            changedRows.finish(node.uniqueId, passedAt: failures == 0 ? start.now : nil, fingerprint: fingerprint)
        }
        if node.config["store_failures"]?.boolValue == true {
            let table = Self.failuresTable(node)
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(table.schemaText)")
            try connection.execute("CREATE OR REPLACE TABLE \(table) AS\n\(sql)")
        }
        let (status, message) = try judge(node, failures: failures, definition: definition)
        return (status, status.reportedFailures(failures), message, sql, nil)
    }

    /// Where `store_failures` keeps a test's failing rows: what dbt's naming macros made of its
    /// schema (by default `dbt_test__audit`) and alias (dbt's short name for a long test name),
    /// else its name, in `<target schema>_dbt_test__audit`.
    static func failuresTable(_ node: GraphNode) -> Relation {
        node.relation ?? Relation(schema: "main_dbt_test__audit", identifier: node.config["alias"]?.stringValue ?? node.name)
    }

    /// dbt's rule: fail when severity is error and `error_if` holds, else warn when `warn_if` holds.
    func judge(_ node: GraphNode, failures: Int, definition: [(String, JSONValue)] = []) throws -> (NodeStatus, String) {
        // The test's own YAML config, then its definition's config(), then dbt_project.yml's.
        func setting(_ key: String) -> String? {
            node.test?.config[key]?.stringValue ?? definition.last { $0.0 == key }?.1.stringValue ?? node.config[key]?.stringValue
        }
        // dbt's defaults, written as dbt writes them in its messages.
        let errorIf = try Threshold(setting("error_if") ?? "!= 0", in: node)
        let warnIf = try Threshold(setting("warn_if") ?? "!= 0", in: node)
        let stored = node.config["store_failures"]?.boolValue == true
            ? " (failing rows in \(Self.failuresTable(node)))" : ""
        let severity = setting("severity")?.lowercased() ?? "error"
        if severity == "error", errorIf.holds(failures) { return (.fail, "Got \(failures) result\(failures == 1 ? "" : "s"), configured to fail if \(errorIf.text)\(stored)") }
        if warnIf.holds(failures) { return (.warn, "Got \(failures) result\(failures == 1 ? "" : "s"), configured to warn if \(warnIf.text)\(stored)") }
        return (.pass, "")
    }

    /// Whether a test can join its model's batch: built-in row checks without stored failures.
    static func batchable(_ node: GraphNode) -> Bool {
        guard let test = node.test, case .generic(let name, _) = test.kind, test.column != nil, test.attachedTo != nil,
              node.config["store_failures"]?.boolValue != true else { return false }
        return ["not_null", "unique", "accepted_values"].contains(name)
    }

    /// Runs several batchable tests of one model in one statement, one aggregate scan for the row
    /// checks (not_null, accepted_values) plus a grouped subquery per unique column, instead of
    /// dbt's one query per test; each test still gets its own count.
    /// On a lake, a batch whose tests all passed at one snapshot first checks the rows changed since
    /// (as `run` does for one test); the last element says after which snapshot, nil for every row.
    func runBatch(_ nodes: [GraphNode], on connection: Connection) throws -> [(GraphNode, Int, String, Int?)] {
        guard let first = nodes.first?.test else { return [] }
        let relation = try attached(first).relation
        // Baselines only on a lake, and only for a batch whose every test can be checked on changes.
        let checkable = changedRows != nil && relation != nil && nodes.allSatisfy { ChangedRowsCheck.relations(of: $0, graph: graph, linker: linker) != nil }
        let fingerprints = checkable ? try nodes.map { TestBaselines.fingerprint(try failingRowsSQL($0)) } : []
        var start: (now: (id: Int, committed: String), window: ChangeWindow?)?
        if checkable, let changedRows, let relation {
            start = try changedRows.start(nodes.map(\.uniqueId), fingerprints: fingerprints, reading: [relation], on: connection)
            if let window = start?.window {
                let staged = try changedRows.stage(window, model: relation, parent: nil, on: connection)
                defer { changedRows.unstage(on: connection) }
                let (counts, sql) = try countBatch(nodes, changes: staged, on: connection)
                if counts.allSatisfy({ $0 == 0 }) {
                    for (node, fingerprint) in zip(nodes, fingerprints) { changedRows.finish(node.uniqueId, passedAt: start?.now, fingerprint: fingerprint) }
                    return nodes.map { ($0, 0, sql, window.since) }
                }
            }
        }
        let (counts, sql) = try countBatch(nodes, changes: nil, on: connection)
        if let changedRows, let start {
            for (index, node) in nodes.enumerated() {
                changedRows.finish(node.uniqueId, passedAt: counts[index] == 0 ? start.now : nil, fingerprint: fingerprints[index])
            }
        }
        return nodes.enumerated().map { ($1, counts[$0], sql, nil) }
    }

    /// The batch's failure counts in one statement, on every row or (`changes`) on the changed ones.
    private func countBatch(_ nodes: [GraphNode], changes: StagedChanges?, on connection: Connection) throws -> ([Int], String) {
        guard let first = nodes.first?.test else { return ([], "") }
        let model = try modelText(first, where: nil)
        let inserted = changes?.inserted
        var expressions: [String] = []
        for node in nodes {
            guard let test = node.test, case .generic(let name, let arguments) = test.kind, let columnName = test.column else { continue }
            let column = Relation.quote(columnName)
            let condition = node.config["where"]?.stringValue.map { "(\($0)) and " } ?? ""
            switch name {
            case "not_null":
                expressions.append("count(*) filter (where \(condition)\(column) is null)")
            case "accepted_values":
                let values = acceptedList { key in arguments.first { $0.0 == key }?.1 }
                expressions.append("count(distinct \(column)) filter (where \(condition)\(column) not in (\(values)))")
            default: // unique
                let touched = inserted.map { " and \(column) in (select \(column) from \($0))" } ?? ""
                expressions.append("(select count(*) from (select 1 from \(model) where \(condition)\(column) is not null\(touched) group by \(column) having count(*) > 1))")
            }
        }
        let sql = "select " + expressions.enumerated().map { "\($1) as t\($0)" }.joined(separator: ",\n       ") + "\nfrom \(inserted ?? model)"
        let result = try connection.query(sql)
        return (try nodes.indices.map { try result.value(Int.self, row: 0, column: $0) ?? 0 }, sql)
    }
}

/// `warn_if` / `error_if`: a comparison with the failure count, like ">10" or "!=0".
struct Threshold {
    let text: String
    private let comparison: String
    private let limit: Int

    init(_ text: String, in node: GraphNode) throws {
        self.text = text
        let trimmed = text.replacingOccurrences(of: " ", with: "")
        for op in [">=", "<=", "!=", "==", ">", "<", "="] where trimmed.hasPrefix(op) {
            guard let limit = Int(trimmed.dropFirst(op.count)) else { break }
            comparison = op
            self.limit = limit
            return
        }
        throw LakeError("\(node.path): '\(text)' is not a threshold (write e.g. '>10' or '!=0') in test \(node.name)")
    }

    func holds(_ failures: Int) -> Bool {
        switch comparison {
        case ">=": failures >= limit
        case "<=": failures <= limit
        case "!=": failures != limit
        case ">": failures > limit
        case "<": failures < limit
        default: failures == limit
        }
    }
}
