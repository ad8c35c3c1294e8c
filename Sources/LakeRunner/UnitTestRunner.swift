import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// Runs a dbt unit test: the model's template rendered (with the test's overrides) and linked so
/// each input it reads is the test's given rows instead — typed by the input's columns in the
/// warehouse, missing columns null — then its output, in the expected rows' columns, compared with
/// them as multisets (row order does not matter). Every differing row is a failure.
struct UnitTestRunner {
    let project: Project
    let graph: ProjectGraph
    let linker: Linker
    let contexts: CompileContextFactory

    func run(_ node: GraphNode, spec: UnitTestSpec, on connection: Connection) throws -> (failures: Int, message: String, sql: String) {
        guard let model = graph.node(named: spec.model), let file = project.models.first(where: { $0.name == spec.model }) else {
            throw LakeError("\(node.path): unit test \(spec.name): no model '\(spec.model)'")
        }
        var context = contexts.context(for: model.name, base: model.config, package: file.package)
        context.variables.merge(spec.variables) { $1 }
        context.environment.merge(spec.environment) { $1 }
        context.runQuery = WarehouseQueryRunner.runQuery(on: connection)
        context.relationExists = try WarehouseCatalog.kind(of: linker.relation(of: model), on: connection) != nil
        if let incremental = spec.macros["is_incremental"]?.boolValue { context.incrementalOverride = incremental }
        context.macroOverrides = spec.macros.filter { $0.key != "is_incremental" }
        let compiled = try NodeCompiler(environment: project.macros.environment).compile(file.template, context: context)

        let fixtures = try Dictionary(spec.given.map { (try key(of: $0.input ?? ""), $0) }, uniquingKeysWith: { first, _ in first })
        // Each given input becomes a CTE the model reads in its input's place, as dbt does.
        var ctes: [(name: String, sql: String)] = []
        let body = try compiled.link { reference in
            let wanted: String = switch reference {
            case .model(_, let name), .changes(let name): "ref:\(name)"
            case .source(let source, let table): "source:\(source).\(table)"
            case .this: "this"
            }
            guard let fixture = fixtures[wanted] else {
                if case .this = reference { return linker.relation(of: model).description }
                throw LakeError("\(node.path): unit test \(spec.name) gives no rows for \(reference), which \(spec.model) reads; "
                    + "add it under `given:` (rows: [] for none)")
            }
            let name = "__dbt__cte__" + String(wanted.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            if !ctes.contains(where: { $0.name == name }) {
                ctes.append((name, try rowsSQL(fixture.rows, columns: try columns(of: reference, model: model, on: connection))))
            }
            return name
        }
        let modelSQL = Linker.inject(ctes, into: body)

        // The expected rows' columns, typed as the model's output has them.
        let outputTypes = try WarehouseCatalog.columns(ofQuery: modelSQL, on: connection)
        let expectedNames: [String]
        switch spec.expect.rows {
        case .dictionaries(let rows):
            var names: [String] = []
            for row in rows { for (name, _) in row where !names.contains(name) { names.append(name) } }
            expectedNames = names.isEmpty ? outputTypes.map(\.name) : names
        case .csv(let text): expectedNames = CSVRows.parse(text).header
        case .sql(let text): expectedNames = try WarehouseCatalog.columns(ofQuery: text, on: connection).map(\.name)
        case .file(let name, let format):
            switch try fixtureFile(name, format: format) {
            case .csv(let text): expectedNames = CSVRows.parse(text).header
            case .sql(let text): expectedNames = try WarehouseCatalog.columns(ofQuery: text, on: connection).map(\.name)
            default: expectedNames = []
            }
        }
        let typed = try expectedNames.map { name -> (name: String, type: String) in
            guard let column = outputTypes.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw LakeError("\(node.path): unit test \(spec.name) expects a column '\(name)' that \(spec.model) does not return "
                    + "(it returns \(outputTypes.map(\.name).joined(separator: ", ")))")
            }
            return column
        }
        let selected = typed.map { Relation.quote($0.name) }.joined(separator: ", ")
        let sql = """
            WITH actual AS (SELECT \(selected) FROM (
            \(modelSQL)
            ) AS model_output),
            expected AS (\(try rowsSQL(spec.expect.rows, columns: typed)))
            SELECT 'actual' AS __lake_side, * FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected)
            UNION ALL
            SELECT 'expected' AS __lake_side, * FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual)
            """
        let differences = try connection.query(sql)
        guard differences.rowCount > 0 else { return (0, "", sql) }
        // A row with a wrong value is one failure (one actual and one expected row differ), as dbt counts it.
        let onlyActual = try (0..<differences.rowCount).filter { try differences.value(String.self, row: $0, column: 0) == "actual" }.count
        let failures = max(onlyActual, differences.rowCount - onlyActual)
        var lines = ["actual differs from expected (\(failures) row\(failures == 1 ? "" : "s")):",
                     "  side      " + typed.map(\.name).joined(separator: " | ")]
        for row in 0..<min(differences.rowCount, 10) {
            let values = (1..<differences.columns.count).map { differences[row, $0].description }
            lines.append("  " + differences[row, 0].description.padding(toLength: 10, withPad: " ", startingAt: 0) + values.joined(separator: " | "))
        }
        return (failures, lines.joined(separator: "\n"), sql)
    }

    /// A fixture file's rows: `<test-path>/fixtures/<name>.csv` or `.sql`, as dbt looks for it.
    private func fixtureFile(_ name: String, format: String) throws -> UnitTestSpec.Fixture.Rows {
        for path in project.settings.testPaths {
            let file = project.path("\(path)/fixtures/\(name).\(format)")
            if let text = try? String(contentsOfFile: file, encoding: .utf8) { return format == "csv" ? .csv(text) : .sql(text) }
        }
        throw LakeError("no fixture file \(name).\(format) under \(project.settings.testPaths.map { "\($0)/fixtures/" }.joined(separator: ", "))")
    }

    /// The name a `given` input is matched by.
    private func key(of input: String) throws -> String {
        if input.trimmingCharacters(in: .whitespaces) == "this" { return "this" }
        if let (source, table) = RefText.source(input) { return "source:\(source).\(table)" }
        // A versioned model's name is its latest version, as in ref(); `ref('m', v=1)` names that version.
        let name = RefText.modelName(input)
        if let version = RefText.version(input), let node = graph.nodes.values.first(where: { $0.version?.model == name && $0.version?.version == version }) {
            return "ref:\(node.name)"
        }
        return "ref:\(graph.node(named: name)?.name ?? name)"
    }

    /// An input's columns and types, from the relation it stands in for.
    private func columns(of reference: RelationReference, model: GraphNode, on connection: Connection) throws -> [(name: String, type: String)] {
        let relation = reference == .this ? linker.relation(of: model).description : NodeRenderer.text(of: reference, graph: graph, linker: linker)
        do {
            return try WarehouseCatalog.columns(ofQuery: "SELECT * FROM \(relation)", on: connection)
        } catch let error as DuckDBError {
            throw LakeError("unit test input \(reference) has no relation in the warehouse to take its columns from (\(relation): "
                + "\(error.message.split(separator: "\n").first ?? "")): build it first, or give its rows with `format: sql`")
        }
    }


    /// Given or expected rows as a query with exactly `columns` (a column a row leaves out is null).
    private func rowsSQL(_ rows: UnitTestSpec.Fixture.Rows, columns: [(name: String, type: String)]) throws -> String {
        let literalRows: [[String: String]]
        switch rows {
        case .file(let name, let format):
            return try rowsSQL(try fixtureFile(name, format: format), columns: columns)
        case .sql(let text): return text
        case .dictionaries(let given):
            literalRows = try given.map { row in
                var values: [String: String] = [:]
                for (name, value) in row {
                    guard let column = columns.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                        throw LakeError("a unit test row names a column '\(name)' that is not among \(columns.map(\.name).joined(separator: ", "))")
                    }
                    values[column.name] = Self.literal(value)
                }
                return values
            }
        case .csv(let text):
            let table = CSVRows.parse(text)
            literalRows = table.rows.map { fields in
                var values: [String: String] = [:]
                for (index, name) in table.header.enumerated() where index < fields.count {
                    let column = columns.first { $0.name.lowercased() == name.lowercased() }?.name ?? name
                    values[column] = fields[index].isEmpty ? "NULL" : Relation.literal(fields[index])
                }
                return values
            }
        }
        let casts = { (row: [String: String]) in
            columns.map { "CAST(\(row[$0.name] ?? "NULL") AS \($0.type)) AS \(Relation.quote($0.name))" }.joined(separator: ", ")
        }
        guard !literalRows.isEmpty else { return "SELECT \(casts([:])) WHERE false" }
        return literalRows.map { "SELECT \(casts($0))" }.joined(separator: "\nUNION ALL ")
    }

    static func literal(_ value: JSONValue) -> String {
        switch value {
        case .null: "NULL"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): Relation.literal(text)
        case .array, .object: Relation.literal(JSONWriter.write(value))
        }
    }
}

/// A CSV fixture's text: a header line, then rows; fields may be double-quoted.
enum CSVRows {
    /// Each row as (column, value) pairs in the header's order.
    static func mappings(_ text: String) -> [[(String, String)]] {
        let (header, rows) = parse(text)
        return rows.map { Array(zip(header, $0)) }
    }

    static func parse(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = lines.first else { return ([], []) }
        return (fields(first), lines.dropFirst().map(fields))
    }

    private static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else { current.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current.trimmingCharacters(in: .whitespaces)); current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
