import Foundation
import LakeTemplates

/// A node's configuration as ordered key/value pairs (dbt's `config`), with the keys lake reads.
public struct NodeConfig: Sendable, Equatable {
    public private(set) var pairs: [(String, JSONValue)]

    public init(_ pairs: [(String, JSONValue)] = []) { self.pairs = [] ; merge(pairs) }

    public static func == (lhs: NodeConfig, rhs: NodeConfig) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public subscript(key: String) -> JSONValue? {
        pairs.last { $0.0 == key }?.1
    }

    /// Applies `more` on top: later values replace earlier ones, except `tags` which accumulate, as
    /// in dbt. `pre-hook` is read as `pre_hook`.
    public mutating func merge(_ more: [(String, JSONValue)]) {
        for (rawKey, value) in more {
            let key = rawKey.replacingOccurrences(of: "-", with: "_")
            if key == "tags", let existing = self["tags"] {
                let combined = Self.list(existing) + Self.list(value).filter { !Self.list(existing).contains($0) }
                set(key, .array(combined))
            } else {
                set(key, value)
            }
        }
    }

    private mutating func set(_ key: String, _ value: JSONValue) {
        if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = value } else { pairs.append((key, value)) }
    }

    private static func list(_ value: JSONValue) -> [JSONValue] {
        if case .array(let items) = value { return items }
        return [value]
    }

    public var materialized: String { self["materialized"]?.stringValue ?? "view" }
    public var tags: [String] { self["tags"].map { Self.list($0).compactMap(\.stringValue) } ?? [] }
    public var enabled: Bool { self["enabled"]?.boolValue ?? true }
    public var alias: String? { self["alias"]?.stringValue }
    public var schema: String? { self["schema"]?.stringValue }
    public var uniqueKey: [String] { self["unique_key"].map { Self.list($0).compactMap(\.stringValue) } ?? [] }
    /// Hooks as a list of SQL strings (a single string counts as one).
    public func hooks(_ key: String) -> [String] { self[key].map { Self.list($0).compactMap(\.stringValue) } ?? [] }
}
