import Foundation
import LakeTemplates

/// A data test: a generic test applied to a model's column (or the model), or a singular SQL file.
public struct TestDefinition: Sendable {
    public enum Kind: Sendable {
        /// `name` is not_null, unique, accepted_values, relationships, or a custom generic test.
        case generic(name: String, arguments: [(String, JSONValue)])
        case singular(template: Template)
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

    public var severity: String { config["severity"]?.stringValue?.lowercased() ?? "error" }
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

enum TestNaming {
    /// dbt's generated names, made safe as identifiers and unique within the project.
    static func name(test: String, target: TestTarget, column: String?, arguments: [(String, JSONValue)]) -> String {
        var parts = [test, target.displayName] + (column.map { [$0] } ?? [])
        let detail: [String] = switch test {
        case "accepted_values": (arguments.first { $0.0 == "values" }?.1.arrayValue ?? []).map(plain)
        case "relationships":
            [arguments.first { $0.0 == "field" }?.1.stringValue ?? "",
             "ref_" + (arguments.first { $0.0 == "to" }?.1.stringValue.map(RefText.modelName) ?? "") + "_"]
        default: []
        }
        var name = parts.joined(separator: "_")
        if !detail.isEmpty { name += "__" + detail.joined(separator: "__") }
        parts = []
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        return safe.count > 120 ? String(safe.prefix(110)) + "_" + String(UInt32(truncatingIfNeeded: safe.hashValue), radix: 16) : safe
    }

    private static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "True" : "False"
        default: "value"
        }
    }
}

/// `ref('x')` written as YAML text (relationships' `to:`), read without a template engine.
public enum RefText {
    public static func modelName(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("ref("), trimmed.hasSuffix(")") else { return trimmed }
        let inner = trimmed.dropFirst(4).dropLast()
        let arguments = inner.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
        return arguments.last ?? trimmed
    }

    public static func source(_ text: String) -> (String, String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("source("), trimmed.hasSuffix(")") else { return nil }
        let arguments = trimmed.dropFirst(7).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
        return arguments.count == 2 ? (arguments[0], arguments[1]) : nil
    }
}
