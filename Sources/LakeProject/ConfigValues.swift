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

    /// Applies `more` on top, key by key as dbt merges configuration levels (dbt_project.yml, then
    /// properties, then the node's own `config()`): `tags` accumulate (each once), hooks and
    /// `packages` accumulate (a project-wide hook and a model's own both run); `meta`, `quoting`,
    /// `column_types`, `docs` and `contract` are dictionaries merged key by key; `grants` merges by
    /// privilege, a `+` before one adding grantees instead of replacing them; anything else is
    /// replaced. `pre-hook` is read as `pre_hook`.
    public mutating func merge(_ more: [(String, JSONValue)]) {
        for (rawKey, value) in more {
            let key = rawKey.replacingOccurrences(of: "-", with: "_")
            guard let existing = self[key] else {
                set(key, key == "grants" ? Self.grants([], value) : value)
                continue
            }
            switch key {
            case "tags":
                set(key, .array(Self.list(existing) + Self.list(value).filter { !Self.list(existing).contains($0) }))
            case "pre_hook", "post_hook", "packages":
                set(key, .array(Self.list(existing) + Self.list(value)))
            case "meta", "quoting", "column_types", "docs", "contract":
                guard case .object(var merged) = existing, case .object(let newer) = value else { set(key, value); continue }
                for (name, item) in newer {
                    if let index = merged.firstIndex(where: { $0.0 == name }) { merged[index].1 = item } else { merged.append((name, item)) }
                }
                set(key, .object(merged))
            case "grants":
                guard case .object(let before) = existing else { set(key, Self.grants([], value)); continue }
                set(key, Self.grants(before, value))
            default:
                set(key, value)
            }
        }
    }

    /// dbt's grants merge: each privilege's grantees replace the earlier ones, or with `+` before
    /// the privilege are added to them.
    private static func grants(_ before: [(String, JSONValue)], _ value: JSONValue) -> JSONValue {
        guard case .object(let newer) = value else { return value }
        var merged = before
        for (rawPrivilege, grantees) in newer {
            let extend = rawPrivilege.hasPrefix("+")
            let privilege = extend ? String(rawPrivilege.dropFirst()) : rawPrivilege
            let list = Self.list(grantees)
            if let index = merged.firstIndex(where: { $0.0 == privilege }) {
                merged[index].1 = .array(extend ? Self.list(merged[index].1) + list : list)
            } else {
                merged.append((privilege, .array(list)))
            }
        }
        return .object(merged)
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
    /// `contract: {enforced: true}`.
    public var contractEnforced: Bool {
        guard case .object(let contract)? = self["contract"] else { return false }
        return contract.first(where: { $0.0 == "enforced" })?.1.boolValue == true
    }
    public var alias: String? { self["alias"]?.stringValue }
    public var schema: String? { self["schema"]?.stringValue }
    public var uniqueKey: [String] { self["unique_key"].map { Self.list($0).compactMap(\.stringValue) } ?? [] }
    /// Hooks as a list of SQL strings (a single string counts as one).
    public func hooks(_ key: String) -> [String] { self[key].map { Self.list($0).compactMap(\.stringValue) } ?? [] }
}
