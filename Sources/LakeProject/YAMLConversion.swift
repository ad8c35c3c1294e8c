import LakeTemplates
import LakeYAML
import TextSupport

extension YAMLNode {
    /// The node as plain data (scalars resolved as PyYAML resolves them).
    public var json: JSONValue {
        switch kind {
        case .scalar:
            switch scalar! {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .double(let number): return .double(number)
            case .string(let text): return .string(text)
            }
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.text ?? "", $0.value.json) })
        }
    }
}

/// Reads one YAML file, keeping its text for error messages.
struct YAMLDocument {
    let path: String
    let text: String
    let root: YAMLNode?

    init(path: String, displayName: String) throws {
        self.path = displayName
        text = try String(contentsOfFile: path, encoding: .utf8)
        root = try YAMLParser.parse(text, file: displayName)
    }

    func error(_ message: String, at node: YAMLNode) -> YAMLError { YAMLError(message, at: node, source: text) }

    /// A warning about `node`, located as an error is.
    func warning(_ message: String, at node: YAMLNode) -> String {
        SourceDiagnostic.format(file: node.file, line: node.line, column: node.column, message: message,
                                lineText: SourceDiagnostic.line(node.line, of: text), severity: "warning")
    }

    /// The mapping's entries, or an error naming what was there instead.
    func mapping(_ node: YAMLNode, what: String) throws -> [(key: String, node: YAMLNode, keyNode: YAMLNode)] {
        if node.isNull { return [] }
        guard let entries = node.entries else { throw error("\(what) must be a mapping, found \(node.kindName)", at: node) }
        return entries
    }

    func list(_ node: YAMLNode, what: String) throws -> [YAMLNode] {
        if node.isNull { return [] }
        guard let items = node.items else { throw error("\(what) must be a list, found \(node.kindName)", at: node) }
        return items
    }

    func string(_ node: YAMLNode, what: String) throws -> String {
        guard case .string(let text)? = node.scalar else {
            if let text = node.text, !node.isNull { return text }
            throw error("\(what) must be a string, found \(node.kindName)", at: node)
        }
        return text
    }

    /// A string or a list of strings.
    func strings(_ node: YAMLNode, what: String) throws -> [String] {
        if let items = node.items { return try items.map { try string($0, what: what) } }
        return [try string(node, what: what)]
    }
}
