/// A YAML node with the file position it was written at, so every configuration error can point
/// at its line.
public struct YAMLNode: Sendable {
    public indirect enum Kind: Sendable {
        /// `plain` is false for quoted and block scalars, which are always strings.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    public let kind: Kind
    public let file: String
    /// 1-based.
    public let line: Int
    /// 1-based.
    public let column: Int

    /// The scalar's text, for scalars.
    public var text: String? { if case .scalar(let text, _) = kind { text } else { nil } }

    /// The scalar as YAML 1.1 (PyYAML, and so dbt) reads a plain scalar.
    public var scalar: YAMLScalar? {
        guard case .scalar(let text, let plain) = kind else { return nil }
        return plain ? YAMLScalar(plain: text) : .string(text)
    }

    public var isNull: Bool { if case .null? = scalar { true } else { false } }

    public var items: [YAMLNode]? { if case .sequence(let items) = kind { items } else { nil } }

    /// A mapping's entries by their keys' text.
    public var entries: [(key: String, node: YAMLNode, keyNode: YAMLNode)]? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.map { ($0.key.text ?? "", $0.value, $0.key) }
    }

    public subscript(key: String) -> YAMLNode? {
        entries?.last { $0.key == key }?.node
    }

    /// The node with some scalars replaced: `transform` sees each scalar value (not mapping keys)
    /// with its key path — mapping keys, and list positions as text — and returns the new text,
    /// read as a plain scalar, or nil to keep it.
    public func replacingScalars(path: [String] = [], _ transform: ([String], String) throws -> String?) rethrows -> YAMLNode {
        let replaced: Kind
        switch kind {
        case .scalar(let text, let plain):
            guard let new = try transform(path, text) else { return self }
            replaced = .scalar(new, plain: new == text ? plain : true)
        case .sequence(let items):
            replaced = .sequence(try items.enumerated().map { try $1.replacingScalars(path: path + [String($0)], transform) })
        case .mapping(let pairs):
            replaced = .mapping(try pairs.map { ($0.key, try $0.value.replacingScalars(path: path + [$0.key.text ?? ""], transform)) })
        }
        return YAMLNode(kind: replaced, file: file, line: line, column: column)
    }

    /// What kind of node this is, for "expected a mapping, found a sequence".
    public var kindName: String {
        switch kind {
        case .scalar: isNull ? "nothing" : "a value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// A plain scalar's meaning under YAML 1.1's rules, as PyYAML resolves them.
public enum YAMLScalar: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": self = .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": self = .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": self = .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": self = .double(-.infinity)
        case ".nan", ".NaN", ".NAN": self = .double(.nan)
        default:
            let digits = text.replacingUnderscores
            if let number = Int(digits) { self = .int(number); return }
            if digits.hasPrefix("0x"), let number = Int(digits.dropFirst(2), radix: 16) { self = .int(number); return }
            if digits.hasPrefix("0o"), let number = Int(digits.dropFirst(2), radix: 8) { self = .int(number); return }
            if digits.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
               digits.contains(where: \.isNumber), let number = Double(digits) {
                self = .double(number)
                return
            }
            self = .string(text)
        }
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
