import Foundation
import TextSupport

/// dbt's node selection: `name`, `+name`, `name+`, `2+name`, `name+1`, `@name`, `tag:x`,
/// `path:models/silver`, `config.materialized:table`, `source:raw.jobs`, `resource_type:seed`;
/// words are unions, commas inside a word intersect. Globs (`*`) match names.
public struct Selector {
    /// dbt's `--indirect-selection`: which tests come along with the nodes selected.
    public enum IndirectSelection: String, Sendable, CaseIterable {
        /// A test any of whose parents is selected (dbt's default).
        case eager
        /// A test all of whose parents are selected.
        case cautious
        /// A test each of whose parents is selected or upstream of something selected.
        case buildable
        /// No test that is not selected itself.
        case empty
    }

    public let graph: ProjectGraph

    public init(graph: ProjectGraph) { self.graph = graph }

    /// The selected node ids: `select` (all when empty) minus `exclude`. Unless `testsFollowParents`
    /// is false, tests come along: a generic test with the model (or source) it is attached to,
    /// a singular test when everything it reads is selected. So a relationships test of a model
    /// that is not selected never runs against a model that was not built. As in dbt, the tests
    /// of what is excluded are excluded with it.
    public func select(_ select: [String], exclude: [String] = [], testsFollowParents: Bool = true,
                       indirect: IndirectSelection = .eager) throws -> Set<String> {
        let mode = testsFollowParents ? indirect : .empty
        var chosen = withTests(select.isEmpty ? Set(graph.nodes.keys) : try union(select), indirect: mode)
        if !exclude.isEmpty { chosen.subtract(withTests(try union(exclude), indirect: mode)) }
        return chosen
    }

    /// The criteria of `select` and `exclude` that pick no node, each as written; dbt warns of each
    /// ("The selection criterion … does not match any enabled nodes"), lake too.
    public func unmatched(_ select: [String], exclude: [String] = []) -> [String] {
        (select + exclude).flatMap { $0.split(separator: " ").map(String.init) }.filter { word in
            !word.isEmpty && (try? union([word]))?.isEmpty == true
        }
    }

    /// The warning lines for `unmatched`, and for a selection that picked nothing at all.
    public func warnings(_ select: [String], exclude: [String] = [], selected: Set<String>) -> [String] {
        var lines = unmatched(select, exclude: exclude).map { "WARN the selection criterion '\($0)' does not match any enabled nodes" }
        if selected.isEmpty && !(select.isEmpty && exclude.isEmpty) { lines.append("WARN nothing to do: the selection picked no node") }
        return lines
    }

    /// `explicit` and the tests `indirect` brings along with it.
    private func withTests(_ explicit: Set<String>, indirect: IndirectSelection) -> Set<String> {
        guard indirect != .empty else { return explicit }
        var chosen = explicit
        // Everything upstream of a selected node, for `buildable`.
        var upstream: Set<String> = []
        if indirect == .buildable {
            var pending = Array(explicit)
            while let id = pending.popLast() {
                for parent in graph.nodes[id]?.dependsOn ?? [] where upstream.insert(parent).inserted { pending.append(parent) }
            }
        }
        for (id, node) in graph.nodes where node.kind == .test && !explicit.contains(id) {
            // A unit test goes with the model it tests; a data test with what it reads (for a
            // generic test, the model or source it is attached to and any `to:` relation).
            var parents = Set(node.dependsOn)
            if case .unit(let spec)? = node.test?.kind, let model = graph.node(named: spec.model) { parents = [model.uniqueId] }
            if case .model(let name)? = node.test?.attachedTo, let attached = graph.node(named: name) { parents.insert(attached.uniqueId) }
            if node.test?.attachedTo == nil { parents = parents.filter { graph.nodes[$0]?.kind != .source } }
            guard !parents.isEmpty else { continue }
            let selected: Bool = switch indirect {
            case .eager: parents.contains(where: explicit.contains)
            case .cautious: parents.allSatisfy(explicit.contains)
            case .buildable: parents.allSatisfy { explicit.contains($0) || upstream.contains($0) }
            case .empty: false
            }
            if selected { chosen.insert(id) }
        }
        return chosen
    }

    private func union(_ words: [String]) throws -> Set<String> {
        var result: Set<String> = []
        for word in words.flatMap({ $0.split(separator: " ").map(String.init) }) where !word.isEmpty {
            var intersection: Set<String>?
            for term in word.split(separator: ",").map(String.init) {
                let matched = try self.term(term)
                intersection = intersection.map { $0.intersection(matched) } ?? matched
            }
            result.formUnion(intersection ?? [])
        }
        return result
    }

    private func term(_ raw: String) throws -> Set<String> {
        var text = Substring(raw)
        let at = text.hasPrefix("@")
        if at { text = text.dropFirst() }
        var ancestorsDepth: Int?? = nil
        var descendantsDepth: Int?? = nil
        if let plus = text.firstIndex(of: "+"), text[..<plus].allSatisfy(\.isNumber) {
            let digits = text[..<plus]
            ancestorsDepth = .some(digits.isEmpty ? nil : Int(digits))
            text = text[text.index(after: plus)...]
        }
        if let plus = text.lastIndex(of: "+"), text[text.index(after: plus)...].allSatisfy(\.isNumber) {
            let digits = text[text.index(after: plus)...]
            descendantsDepth = .some(digits.isEmpty ? nil : Int(digits))
            text = text[..<plus]
        }
        let base = try match(String(text))
        var result = base
        for id in base {
            if let depth = ancestorsDepth { result.formUnion(graph.ancestors(of: id, depth: depth)) }
            if let depth = descendantsDepth { result.formUnion(graph.descendants(of: id, depth: depth)) }
            if at {
                let below = graph.descendants(of: id)
                result.formUnion(below)
                for child in below { result.formUnion(graph.ancestors(of: child)) }
            }
        }
        return result
    }

    /// The nodes one method:value (or bare name) picks.
    private func match(_ text: String) throws -> Set<String> {
        let nodes = graph.nodes
        guard let colon = text.firstIndex(of: ":") else {
            // dbt's default method for a bare word is fqn: a name, or a folder path from the project
            // (or package) down (`marts`, `staging.stg_orders`, `gpu_lake.gold.*`).
            let found = Set(nodes.filter { Self.glob(text, $0.value.name) || Self.glob(text, $0.value.path) || Self.fqnMatches(text, $0.value.fqn) }.keys)
            guard !found.isEmpty else {
                let hint = EditDistance.hint(text, among: Array(Set(nodes.values.map(\.name))))
                throw ProjectError("the selector '\(text)' matches no node\(hint)")
            }
            return found
        }
        let method = String(text[..<colon]), value = String(text[text.index(after: colon)...])
        switch method {
        case "tag": return Set(nodes.filter { node in node.value.tags.contains { Self.glob(value, $0) } }.keys)
        case "path":
            let prefix = value.hasSuffix("/") ? String(value.dropLast()) : value
            return Set(nodes.filter { $0.value.path == prefix || $0.value.path.hasPrefix(prefix + "/") || Self.glob(prefix, $0.value.path) }.keys)
        case "source":
            return Set(nodes.filter { $0.value.kind == .source && (Self.glob(value, $0.value.name) || Self.glob(value, $0.value.name.split(separator: ".").first.map(String.init) ?? "")) }.keys)
        case "resource_type": return Set(nodes.filter { $0.value.kind.rawValue == value }.keys)
        case "fqn": return Set(nodes.filter { Self.fqnMatches(value, $0.value.fqn) }.keys)
        case "exposure": return Set(nodes.filter { $0.value.kind == .exposure && Self.glob(value, $0.value.name) }.keys)
        case "saved_query": return Set(nodes.filter { $0.value.kind == .savedQuery && Self.glob(value, $0.value.name) }.keys)
        case "package":
            // The root project's own nodes answer to its name (and dbt's `this`).
            let wanted = value == "this" ? graph.projectName : value
            return Set(nodes.filter { Self.glob(wanted, $0.value.fqn.first ?? "") }.keys)
        case "version":
            guard ["latest", "prerelease", "old", "none"].contains(value) else {
                throw ProjectError("version:\(value): dbt's version selectors are latest, prerelease, old and none")
            }
            return Set(nodes.filter { node in
                guard let version = node.value.version else { return value == "none" && node.value.kind == .model }
                let order = ModelVersion.order(version.version, version.latest)
                return value == "latest" ? order == .orderedSame : value == "prerelease" ? order == .orderedDescending : value == "old" && order == .orderedAscending
            }.keys)
        case "test_type":
            return Set(nodes.filter { node in
                guard let test = node.value.test else { return false }
                if case .singular = test.kind { return value == "singular" || value == "data" }
                if case .unit = test.kind { return value == "unit" }
                return value == "generic" || value == "schema"
            }.keys)
        default:
            if method.hasPrefix("config.") {
                let key = String(method.dropFirst("config.".count))
                return Set(nodes.filter { node in
                    if key == "materialized" { return node.value.materialization == value }
                    guard let setting = node.value.config[key] else { return false }
                    switch setting {
                    case .string(let text): return Self.glob(value, text)
                    case .bool(let flag): return String(flag) == value.lowercased()
                    case .int(let number): return String(number) == value
                    case .array(let items): return items.contains { $0.stringValue == value }
                    default: return false
                    }
                }.keys)
            }
            throw ProjectError("unknown selector method '\(method)' (use tag:, path:, config.<key>:, source:, exposure:, resource_type:, test_type:, fqn:, package:, version:)")
        }
    }

    /// dbt's fqn selection (dbt-core's `is_selected_node`), tried on the fqn with and without its
    /// package: the selector's dot-separated parts match the fqn's first parts, a part with a
    /// wildcard matches the rest shell-style; the node's own name always matches.
    static func fqnMatches(_ selector: String, _ fqn: [String]) -> Bool {
        func matches(_ fqn: [String]) -> Bool {
            guard let last = fqn.last else { return false }
            if last == selector { return true }
            let flat = fqn.flatMap { $0.split(separator: ".").map(String.init) }
            let parts = selector.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard flat.count >= parts.count else { return false }
            for (index, part) in parts.enumerated() {
                if part.contains(where: { "*?[]".contains($0) }) {
                    return fnmatch(parts[index...].joined(separator: "."), flat[index...].joined(separator: "."), 0) == 0
                }
                if flat[index] != part { return false }
            }
            return true
        }
        return matches(fqn) || matches(Array(fqn.dropFirst()))
    }

    /// Shell-style `*` and `?` matching.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else { return pattern == text }
        return fnmatch(pattern, text, 0) == 0
    }
}
