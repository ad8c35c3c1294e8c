import LakeTemplates

/// A model (or test, or hook) after its template ran: SQL whose relations are still placeholders,
/// and what the template declared. Plain data, handed to the graph and the runner.
public struct CompiledNode: Sendable {
    /// Rendered SQL in which every `ref`/`source`/`this` is a placeholder; `link` resolves them.
    public let sqlTemplate: String
    /// Each distinct reference, in the order the template first made it.
    public let references: [RelationReference]
    /// What `config(...)` set in the template, in call order (later calls win).
    public let config: [(String, JSONValue)]
    public let logs: [String]
    public let docs: [String: String]

    /// The models this node depends on (`ref`s).
    public var modelDependencies: [(package: String?, name: String)] {
        references.compactMap { if case .model(let package, let name) = $0 { (package, name) } else { nil } }
    }

    public var sourceDependencies: [(source: String, table: String)] {
        references.compactMap { if case .source(let source, let table) = $0 { (source, table) } else { nil } }
    }

    /// The SQL with each reference replaced by what `resolve` says it is (a quoted relation name, or
    /// an ephemeral model's CTE name).
    public func link(_ resolve: (RelationReference) throws -> String) rethrows -> String {
        try Placeholder.substitute(in: sqlTemplate, references: references, resolve)
    }
}

/// How references sit in rendered SQL until they are linked: \u{1}index\u{1}. The control character
/// cannot come from a template's own text in any SQL that means something.
enum Placeholder {
    static let marker: Character = "\u{1}"

    static func make(_ index: Int) -> String { "\u{1}\(index)\u{1}" }

    static func substitute(in text: String, references: [RelationReference],
                           _ resolve: (RelationReference) throws -> String) rethrows -> String {
        guard text.contains(marker) else { return text }
        var out = ""
        var parts = text.split(separator: marker, omittingEmptySubsequences: false)[...]
        out += parts.popFirst() ?? ""
        while let index = parts.popFirst() {
            if let position = Int(index), references.indices.contains(position) {
                out += try resolve(references[position])
            } else {
                out += String(marker) + index
            }
            out += parts.popFirst() ?? ""
        }
        return out
    }
}
