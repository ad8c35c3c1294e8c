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
    /// The macros the template called itself, as dbt's ids (`macro.<package>.<name>`).
    public var macros: [String] = []

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
    static let marker: UInt8 = 0x01

    static func make(_ index: Int) -> String { "\u{1}\(index)\u{1}" }

    /// Replaces every placeholder; works on UTF-8 bytes, since this runs over every model's SQL.
    static func substitute(in text: String, references: [RelationReference],
                           _ resolve: (RelationReference) throws -> String) rethrows -> String {
        var text = text
        return try text.withUTF8 { bytes -> String in
            guard bytes.contains(marker) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            var start = 0
            while let open = bytes[start...].firstIndex(of: marker) {
                out.append(contentsOf: bytes[start..<open])
                guard let close = bytes[(open + 1)...].firstIndex(of: marker),
                      let position = Int(String(decoding: bytes[(open + 1)..<close], as: UTF8.self)),
                      references.indices.contains(position) else {
                    out.append(marker)
                    start = open + 1
                    continue
                }
                out.append(contentsOf: try resolve(references[position]).utf8)
                start = close + 1
            }
            out.append(contentsOf: bytes[start...])
            return String(decoding: out, as: UTF8.self)
        }
    }
}
