import Foundation
import LakeTemplates
import TextSupport

/// A data test: a generic test applied to a model's column (or the model), or a singular SQL file.
public struct TestDefinition: Sendable {
    public enum Kind: Sendable {
        /// `name` is not_null, unique, accepted_values, relationships, or a custom generic test.
        case generic(name: String, arguments: [(String, JSONValue)])
        case singular(template: Template)
        /// A dbt unit test of `attachedTo`'s model.
        case unit(UnitTestSpec)
    }

    /// Unique, dbt-style: not_null_silver_jobs_job_id.
    public let name: String
    public let kind: Kind
    /// The model, seed or source table it tests (nil for singular tests, whose refs say).
    public let attachedTo: TestTarget?
    public let column: String?
    /// severity, where, warn_if, error_if, store_failures, tags, enabled.
    public let config: NodeConfig
    /// Where it was declared: the YAML file or the SQL file.
    public let path: String
    /// The package whose schema file declared it (nil: the root project).
    public var package: String? = nil
    /// The folders of the file that declared it, under its resource path: dbt's fqn of a test
    /// holds them (`[project, staging, not_null_x_id]` for models/staging/schema.yml).
    public var folders: [String] = []

}

/// What a generic test is attached to.
public enum TestTarget: Hashable, Sendable {
    case model(String)
    case source(source: String, table: String)

    public var displayName: String {
        switch self {
        case .model(let name): name
        case .source(let source, let table): "\(source)_\(table)"
        }
    }
}

/// dbt's names for generic tests (dbt-core's `synthesize_generic_test_names`), so a test is named
/// the same in every run and as dbt names it: the test (with its package and, on a source,
/// `source_`), the model, then every argument but the model in key order (`column_name` included),
/// values of lists and dicts one by one, each with runs of other characters than letters, digits
/// and `_` made `_`, joined by `__`.
enum TestNaming {
    /// `full`: the node's name; `short`: the name of its table, the first 30 characters and the MD5
    /// of the full name when that has 64 characters or more (dbt's alias).
    static func names(test: String, namespace: String?, target: TestTarget, column: String?,
                      arguments: [(String, JSONValue)]) -> (full: String, short: String) {
        var type = test
        if case .source = target { type = "source_" + type }
        if let namespace { type = namespace + "_" + type }
        var all = arguments
        if let column { all.append(("column_name", .string(column))) }
        let flat = all.filter { $0.0 != "model" }.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }.flatMap { _, value -> [String] in
            switch value {
            case .array(let items): items.map(pythonText)
            case .object(let pairs): pairs.map { pythonText($0.1) }
            default: [pythonText(value)]
            }
        }
        let identifier = "\(type)_\(target.displayName)"
        let full = identifier + "_" + flat.map(cleaned).joined(separator: "__")
        guard full.count >= 64 else { return (full, full) }
        return (full, String(identifier.prefix(30)) + "_" + MD5.hex(full))
    }

    /// The suffix dbt gives a generic test's unique id (dbt-core's create_test_node): the last 10
    /// hex digits of the MD5 of its name and the Python repr of its test metadata — namespace, test
    /// name, and arguments with `column_name` and the `model` string — with dict keys sorted and
    /// every scalar as `str()` gives it.
    static func uniqueIdSuffix(name: String, test: String, namespace: String?, arguments: [(String, JSONValue)], column: String?,
                               model: String) -> String {
        func hashable(_ value: JSONValue) -> Value {
            switch value {
            case .array(let items): return .list(items.map(hashable))
            case .object(let pairs):
                return .dict(Dictionary(pairs, uniquingKeysWith: { _, last in last }).sorted { $0.key < $1.key }.map { ($0.key, hashable($0.value)) })
            default: return .string(pythonText(value))
            }
        }
        var kwargs = arguments
        if let column { kwargs.append(("column_name", .string(column))) }
        kwargs.append(("model", .string("{{ get_where_subquery(\(model)) }}")))
        let metadata = JSONValue.object([("kwargs", .object(kwargs)), ("name", .string(test)), ("namespace", namespace.map(JSONValue.string) ?? .string("None"))])
        return String(MD5.hex(name + hashable(metadata).repr()).suffix(10))
    }

    /// Python's `str()` of a YAML value, as dbt formats an argument.
    static func pythonText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): number == number.rounded() && abs(number) < 1e16 ? String(format: "%.1f", number) : "\(number)"
        case .bool(let flag): flag ? "True" : "False"
        case .null: "None"
        case .array(let items): "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let pairs): "{" + pairs.map { "'\($0.0)': " + pythonRepr($0.1) }.joined(separator: ", ") + "}"
        }
    }

    private static func pythonRepr(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "'" + text + "'" }
        return pythonText(value)
    }

    private static func cleaned(_ text: String) -> String {
        var result = "", inRun = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                result.unicodeScalars.append(scalar)
                inRun = false
            } else if !inRun {
                result += "_"
                inRun = true
            }
        }
        return result
    }
}

extension TestDefinition {
    /// A generic test's keyword arguments as dbt's test_metadata.kwargs holds them: its
    /// column_name, then what it was given, then `model` as dbt writes it,
    /// `{{ get_where_subquery(ref('x')) }}` (elementary records them).
    public func dbtKeywordArguments(_ arguments: [(String, JSONValue)]) -> [(String, JSONValue)] {
        var kwargs = (column.map { [("column_name", JSONValue.string($0))] } ?? []) + arguments
        switch attachedTo {
        case .model(let model)?: kwargs.append(("model", .string("{{ get_where_subquery(ref('\(model)')) }}")))
        case .source(let source, let table)?: kwargs.append(("model", .string("{{ get_where_subquery(source('\(source)', '\(table)')) }}")))
        case nil: break
        }
        return kwargs
    }
}

/// `ref('x')` written as YAML text (relationships' `to:`), read without a template engine.
public enum RefText {
    public static func modelName(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("ref("), trimmed.hasSuffix(")") else { return trimmed }
        return positional(trimmed).last ?? trimmed
    }

    /// The `v=` (or `version=`) of `ref('m', v=2)`.
    public static func version(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("ref("), trimmed.hasSuffix(")") else { return nil }
        return arguments(trimmed).first { $0.hasPrefix("v=") || $0.hasPrefix("version=") }
            .map { String($0.drop { $0 != "=" }.dropFirst()).trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
    }

    private static func arguments(_ call: String) -> [String] {
        call.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func positional(_ call: String) -> [String] {
        arguments(call).filter { !$0.contains("=") }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
    }

    public static func source(_ text: String) -> (String, String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("source("), trimmed.hasSuffix(")") else { return nil }
        let arguments = trimmed.dropFirst(7).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
        return arguments.count == 2 ? (arguments[0], arguments[1]) : nil
    }
}
