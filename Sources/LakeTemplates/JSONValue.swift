import Foundation

/// Plain data as JSON has it: what `tojson` writes and `fromjson` reads, and what crosses from a
/// template into the rest of lake (configurations, artifacts).
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in insertion order.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A template value as plain data; functions and undefined values have no JSON form.
    public init(_ value: Value) throws {
        switch value {
        case .undefined(let description): throw TemplateFailure(description)
        case .none: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .list(let box): self = .array(try box.items.map(JSONValue.init))
        case .dict(let box): self = .object(try box.pairs.map { (try $0.key.rendered(), try JSONValue($0.value)) })
        case .function(let function): throw TemplateFailure("function '\(function.name)' cannot be converted to JSON")
        case .object(let object): self = .string(object.rendered)
        }
    }

    /// Back into a template value (dicts and lists become fresh, shared boxes).
    public var templateValue: Value {
        switch self {
        case .null: .none
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.templateValue))
        case .object(let pairs): .dict(pairs.map { ($0.0, $0.1.templateValue) })
        }
    }

    /// The value under `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    public var boolValue: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    public var intValue: Int? {
        switch self {
        case .int(let number): number
        case .double(let number) where number == number.rounded(): Int(number)
        default: nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
}

/// JSON text as Python's `json.dumps` writes it (", " and ": " separators), optionally indented and
/// with sorted keys; `HTMLSafeJSON` adds Jinja's escaping.
public enum JSONWriter {
    public static func write(_ value: JSONValue, indent: Int? = nil, sortKeys: Bool = false) -> String {
        var out = ""
        write(value, into: &out, indent: indent, level: 0, sortKeys: sortKeys)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int, sortKeys: Bool) {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let separator = indent == nil ? ", " : ","
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number):
            out += number.isFinite ? Value.pythonFloat(number) : (number.isNaN ? "NaN" : number < 0 ? "-Infinity" : "Infinity")
        case .string(let text): out += quote(text)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += separator }
                out += newline ?? ""
                write(item, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys)
            }
            out += closing + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            let ordered = sortKeys ? pairs.sorted { $0.0 < $1.0 } : pairs
            for (index, (key, item)) in ordered.enumerated() {
                if index > 0 { out += separator }
                out += (newline ?? "") + quote(key) + ": "
                write(item, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys)
            }
            out += closing + "}"
        }
    }

    /// A JSON string literal; `asciiOnly` escapes everything beyond ASCII, as Python's
    /// `ensure_ascii` (and so Jinja's `tojson`) does.
    public static func quote(_ text: String, asciiOnly: Bool = true) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Jinja's `tojson`: sorted keys, and <, >, & and ' escaped so the text is safe inside HTML.
enum HTMLSafeJSON {
    static func encode(_ value: JSONValue, indent: Int?) -> String {
        JSONWriter.write(value, indent: indent, sortKeys: true)
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "'", with: "\\u0027")
    }
}
