import Foundation
import LakeTemplates

/// `ref(...)`, `source(...)` and `this` in a template: prints as a placeholder the graph links
/// later, and answers dbt's relation attributes from what is known now.
/// A relation as templates see it, for values the runner hands them (a generic test's `model`,
/// whose `.schema` and `.identifier` packages read); `text` is what `{{ relation }}` prints.
public enum TemplateRelation {
    public static func value(_ relation: Relation, databaseName: String, text: String) -> Value {
        .object(RelationObject(identifier: relation.identifier, schema: relation.schema, database: relation.database ?? databaseName) { text })
    }

    /// dbt's Relation.create_ephemeral_from: the CTE an ephemeral model becomes, without database
    /// or schema, printed as its bare name.
    public static func ephemeral(cteName: String) -> Value {
        .object(RelationObject(identifier: cteName, schema: "", database: nil, kind: "cte") { cteName })
    }
}

final class RelationObject: TemplateObject {
    /// Made on first use, so a reference is recorded only when the template really uses it.
    private let makePlaceholder: () -> String
    let identifier: String
    let schema: String
    let database: String?
    /// "table", "view" or nil where not known (dbt's `relation.type`).
    let kind: String?

    init(identifier: String, schema: String, database: String? = nil, kind: String? = nil, placeholder: @escaping () -> String) {
        makePlaceholder = placeholder
        self.identifier = identifier
        self.schema = schema
        self.database = database
        self.kind = kind
    }

    var placeholder: String { makePlaceholder() }

    var typeName: String { "Relation" }
    var rendered: String { placeholder }
    /// dbt's relations are dataclasses, which packages test with `is mapping` and `.get('metadata')`.
    var isMapping: Bool { true }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "identifier", "name", "table": .string(identifier)
        case "schema": schema.isEmpty ? Value.none : .string(schema)
        case "database": database.map(Value.string) ?? Value.none
        case "type": kind.map(Value.string) ?? Value.none
        case "is_table": .bool(kind == "table")
        case "is_view": .bool(kind == "view")
        case "is_cte": .bool(kind == "cte")
        case "is_materialized_view": .bool(false)
        case "render": .function(Function("render") { [self] _ in .string(placeholder) })
        case "get":
            .function(Function("get") { [self] arguments in
                let key = try arguments.string(0, "key")
                switch key {
                case "metadata": return .dict([("type", .string("DuckDBRelation"))])
                case "path": return .dict([("database", database.map(Value.string) ?? Value.none), ("schema", .string(schema)), ("identifier", .string(identifier))])
                default: return try attribute(key) ?? arguments.value(1, "default") ?? .none
                }
            })
        // dbt's quoting helpers change how a relation prints; lake prints every relation fully
        // quoted already, so they return it unchanged.
        case "include", "quote":
            .function(Function(name) { [self] _ in .object(self) })
        // A copy with parts of its path (identifier, schema, database; none leaves a part out) or its
        // type replaced: dbt's make_temp_relation names its temporary table so.
        case "incorporate":
            .function(Function(name) { [self] arguments in
                try arguments.check(accepts: ["path", "type"])
                let kind = try arguments.value(1, "type").map { value -> String? in value.isNone ? nil : try value.rendered() } ?? self.kind
                guard case .dict(let path)? = arguments.value(0, "path") else {
                    return .object(RelationObject(identifier: identifier, schema: schema, database: database, kind: kind, placeholder: makePlaceholder))
                }
                func part(_ key: String, _ current: String?) throws -> String? {
                    guard let value = path[key] else { return current }
                    return value.isNone ? nil : try value.rendered()
                }
                let identifier = try part("identifier", identifier) ?? ""
                let schema = try part("schema", schema), database = try part("database", database)
                // The new name is printed as it is: no graph node stands behind it.
                let text = ([database, schema].compactMap { $0 } + [identifier]).map(Relation.quote).joined(separator: ".")
                return .object(RelationObject(identifier: identifier, schema: schema ?? "", database: database, kind: kind) { text })
            })
        default: nil
        }
    }
}

/// A fixed set of attributes: `target`, `adapter`, `exceptions`, `modules`.
final class AttributeObject: TemplateObject {
    let typeName: String
    let attributes: [String: Value]
    let rendered: String

    init(_ typeName: String, _ attributes: [String: Value], rendered: String? = nil) {
        self.typeName = typeName
        self.attributes = attributes
        self.rendered = rendered ?? "<\(typeName)>"
    }

    func attribute(_ name: String) throws -> Value? { attributes[name] }
}

/// `config(...)` records configuration; `config.get(key, default)` and `config.require(key)` read it.
final class ConfigObject: TemplateObject {
    private let recorder: CompileRecorder
    init(recorder: CompileRecorder) { self.recorder = recorder }

    var typeName: String { "Config" }
    var rendered: String { "" }

    func call(_ arguments: CallArguments) throws -> Value {
        var pairs: [(String, JSONValue)] = []
        for value in arguments.positional {
            guard case .dict(let box) = value else { throw TemplateFailure("config() takes keyword arguments or a dict, not \(value.typeName)") }
            pairs += try box.pairs.map { (try $0.key.rendered(), try JSONValue($0.value)) }
        }
        pairs += try arguments.keyword.map { ($0.name, try JSONValue($0.value)) }
        recorder.config += pairs
        return .string("")
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "get":
            return .function(Function("get") { [recorder] arguments in
                let key = try arguments.string(0, "name")
                return recorder.effectiveConfig[key]?.templateValue ?? arguments.value(1, "default") ?? .none
            })
        case "require":
            return .function(Function("require") { [recorder] arguments in
                let key = try arguments.string(0, "name")
                guard let value = recorder.effectiveConfig[key] else { throw TemplateFailure("config '\(key)' is required but not set") }
                return value.templateValue
            })
        default: return nil
        }
    }
}

/// The rows `run_query(sql)` returned, in the shape dbt's agate table gives templates:
/// iterate `rows`, read `columns[i].values()`, `column_names`.
final class QueryTableObject: TemplateObject {
    let table: QueryTable
    /// Where `print_table()` prints (dbt's standard output: the run's output).
    let show: ((String) -> Void)?
    init(_ table: QueryTable, show: ((String) -> Void)? = nil) {
        self.table = table
        self.show = show
    }

    var typeName: String { "Table" }
    var rendered: String { "<Table \(table.rows.count) rows>" }
    var elements: [Value]? { rowObjects }

    private var rowObjects: [Value] {
        table.rows.map { .object(RowObject(names: table.columnNames, values: $0.map(\.templateValue))) }
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "rows": .list(rowObjects)
        case "column_names": .list(table.columnNames.map(Value.string))
        case "columns":
            .object(MappedSequenceObject(keys: table.columnNames, values: table.columnNames.indices.map { index in
                let values = table.rows.map { $0[index].templateValue }
                return .object(AttributeObject("Column", [
                    "name": .string(table.columnNames[index]),
                    "values": .function(Function("values") { _ in .list(values, isTuple: true) }),
                ]))
            }))
        case "length": .int(table.rows.count)
        case "print_table":
            .function(Function("print_table") { [table, show] arguments in
                try arguments.check(accepts: ["max_rows", "max_columns", "output", "max_column_width", "locale", "max_precision"])
                func limit(_ index: Int, _ name: String, _ fallback: Int?) throws -> Int? {
                    guard let value = arguments.value(index, name) else { return fallback }
                    if value.isNone { return nil }
                    guard case .int(let number) = value else { throw TemplateFailure("print_table(): \(name) must be a whole number or none") }
                    return number
                }
                let text = AgateTablePrinter(table: table, maxRows: try limit(0, "max_rows", 20), maxColumns: try limit(1, "max_columns", 6),
                                             maxColumnWidth: try limit(3, "max_column_width", 20), maxPrecision: try limit(5, "max_precision", 3)).text
                show?(text)
                return .none
            })
        // agate's Table.rename(column_names): new names by a dict of old to new, or a list in order.
        case "rename":
            .function(Function("rename") { [table, show] arguments in
                try arguments.check(accepts: ["column_names", "row_names", "slug_columns", "slug_rows"])
                var names = table.columnNames
                switch arguments.value(0, "column_names") {
                case .dict(let mapping)?:
                    names = try names.map { name in try mapping[name].map { try $0.rendered() } ?? name }
                case .list(let list)?:
                    let given = try list.items.map { try $0.rendered() }
                    guard given.count == names.count else {
                        throw TemplateFailure("rename(): \(given.count) names for \(names.count) columns")
                    }
                    names = given
                default: break
                }
                return .object(QueryTableObject(QueryTable(columnNames: names, rows: table.rows, columnKinds: table.columnKinds), show: show))
            })
        default: nil
        }
    }

    func item(_ key: Value) throws -> Value? {
        guard case .int(let index) = key, table.rows.indices.contains(index) else { return nil }
        return rowObjects[index]
    }
}

/// agate's MappedSequence (a table's `columns`): a sequence of values that are also found by
/// their keys, with a dict's `keys()`, `values()`, `items()` and `get()`.
final class MappedSequenceObject: TemplateObject {
    let keys: [String]
    let values: [Value]
    init(keys: [String], values: [Value]) { self.keys = keys; self.values = values }

    var typeName: String { "MappedSequence" }
    var rendered: String { "<agate.MappedSequence: (" + values.map { $0.repr() }.joined(separator: ", ") + ")>" }
    var elements: [Value]? { values }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "keys": .function(Function("keys") { [keys] _ in .list(keys.map(Value.string), isTuple: true) })
        case "values": .function(Function("values") { [values] _ in .list(values, isTuple: true) })
        case "items": .function(Function("items") { [keys, values] _ in .list(zip(keys, values).map { .list([.string($0), $1], isTuple: true) }) })
        case "get":
            .function(Function("get") { [self] arguments in
                try self.item(try arguments.required(0, "key")) ?? arguments.value(1, "default") ?? .none
            })
        default: nil
        }
    }

    func item(_ key: Value) throws -> Value? {
        switch key {
        case .int(let index): values.indices.contains(index) ? values[index] : index < 0 && -index <= values.count ? values[values.count + index] : nil
        case .string(let name): keys.firstIndex(of: name).map { values[$0] }
        default: nil
        }
    }
}

/// One row of a query result: by position, by column name, or as an attribute.
final class RowObject: TemplateObject {
    let names: [String]
    let values: [Value]
    init(names: [String], values: [Value]) { self.names = names; self.values = values }

    var typeName: String { "Row" }
    var rendered: String { Value.list(values, isTuple: true).repr() }
    var elements: [Value]? { values }

    func attribute(_ name: String) throws -> Value? { names.firstIndex(of: name).map { values[$0] } }

    func item(_ key: Value) throws -> Value? {
        switch key {
        case .int(let index): return values.indices.contains(index) ? values[index] : nil
        case .string(let name): return try attribute(name)
        default: return nil
        }
    }
}

/// What `run_query` returns, as plain data the runner fills from DuckDB.
public struct QueryTable: Sendable {
    /// How agate (dbt's table library) types a column, which decides how print_table shows it.
    public enum ColumnKind: Sendable {
        /// Text: left-aligned.
        case text
        /// dbt's Integer: printed as it is, right-aligned.
        case integer
        /// agate's Number (floats, decimals): a fixed count of decimal places, grouped thousands.
        case number
        /// Booleans, dates, times, and columns of nothing but nulls: printed as they are, right-aligned.
        case other
    }

    public let columnNames: [String]
    public let rows: [[JSONValue]]
    public let columnKinds: [ColumnKind]

    /// `columnKinds`: from the columns' types (WarehouseQueryRunner), one for each column.
    public init(columnNames: [String], rows: [[JSONValue]], columnKinds: [ColumnKind]) {
        self.columnNames = columnNames
        self.rows = rows
        self.columnKinds = columnKinds
    }
}

/// `api.Column`: dbt's type names for DuckDB, as cross-database macros ask for them
/// (`type_string()` is `api.Column.translate_type('string')`).
final class ColumnTypeObject: TemplateObject {
    var typeName: String { "Column" }
    var rendered: String { "<class 'DuckDBColumn'>" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "translate_type":
            // dbt's base Column maps only STRING (to TEXT); every other name passes through.
            return .function(Function("translate_type") { arguments in
                let type = try arguments.string(0, "dtype")
                return .string(type.uppercased() == "STRING" ? "TEXT" : type)
            })
        case "numeric_type":
            return .function(Function("numeric_type") { arguments in
                let type = try arguments.string(0, "dtype")
                guard let precision = arguments.value(1, "precision"), let scale = arguments.value(2, "scale"),
                      !precision.isNone, !scale.isNone else { return .string(type) }
                return .string("\(type)(\(try precision.rendered()),\(try scale.rendered()))")
            })
        default: return nil
        }
    }
}

/// A column of a relation, as `adapter.get_columns_in_relation` gives it (dbt's Column).
final class ColumnObject: TemplateObject {
    let name: String
    let dataType: String
    init(name: String, dataType: String) { self.name = name; self.dataType = dataType }

    var typeName: String { "Column" }
    var rendered: String { "<Column \(name) (\(dataType))>" }

    private var upperType: String { dataType.uppercased() }
    private var isString: Bool { ["VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR"].contains { upperType.hasPrefix($0) } }
    private var isInteger: Bool { ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "INT"].contains(upperType) }
    private var isFloat: Bool { ["FLOAT", "DOUBLE", "REAL"].contains(upperType) }
    private var isNumeric: Bool { upperType.hasPrefix("DECIMAL") || upperType.hasPrefix("NUMERIC") }

    func attribute(_ name: String) throws -> Value? {
        func predicate(_ value: Bool) -> Value { .function(Function(name) { _ in .bool(value) }) }
        switch name {
        case "name", "column": return .string(self.name)
        case "quoted": return .string(Relation.quote(self.name))
        case "data_type", "dtype": return .string(dataType)
        case "is_string": return predicate(isString)
        case "is_integer": return predicate(isInteger)
        case "is_float": return predicate(isFloat)
        case "is_numeric": return predicate(isNumeric)
        case "is_number": return predicate(isInteger || isFloat || isNumeric)
        case "string_size": return .function(Function("string_size") { _ in .int(256) })
        case "char_size", "numeric_precision", "numeric_scale": return Value.none
        default: return nil
        }
    }
}
