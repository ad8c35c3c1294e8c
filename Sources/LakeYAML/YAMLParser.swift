import CYAML
import TextSupport

/// Reads YAML with libyaml's event parser into `YAMLNode`s that keep their positions.
public enum YAMLParser {
    /// The first document of `text`, or nil when the file holds none (empty, or only comments).
    public static func parse(_ text: String, file: String) throws -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(file: file, line: 1, column: 1, message: "could not start the YAML parser", lineText: "")
        }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        return try bytes.withUnsafeMutableBufferPointer { buffer -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file, source: text)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let mark = parser.problem_mark
                    let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                    let context = parser.context.map { String(cString: $0) + ": " } ?? ""
                    let line = Int(mark.line) + 1
                    throw YAMLError(file: file, line: line, column: Int(mark.column) + 1, message: context + problem,
                                    lineText: SourceDiagnostic.line(line, of: text))
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT || event.type == YAML_DOCUMENT_END_EVENT { return builder.root }
                try builder.handle(&event)
            }
        }
    }
}

/// The first document's tree, built from events with a stack of open collections.
private struct TreeBuilder {
    let file: String
    let source: String
    var root: YAMLNode?
    private var stack: [(isMapping: Bool, line: Int, column: Int, items: [YAMLNode], anchor: String?)] = []
    private var anchors: [String: YAMLNode] = [:]

    init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    mutating func handle(_ event: inout yaml_event_t) throws {
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let node = YAMLNode(kind: .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), file: file, line: line, column: column)
            if let anchor = scalar.anchor { anchors[String(cString: anchor)] = node }
            try add(node)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let node = anchors[name] else {
                throw YAMLError(file: file, line: line, column: column, message: "unknown alias '*\(name)'", lineText: SourceDiagnostic.line(line, of: source))
            }
            try add(node)
        case YAML_SEQUENCE_START_EVENT:
            stack.append((false, line, column, [], event.data.sequence_start.anchor.map { String(cString: $0) }))
        case YAML_MAPPING_START_EVENT:
            stack.append((true, line, column, [], event.data.mapping_start.anchor.map { String(cString: $0) }))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let open = stack.removeLast()
            let node: YAMLNode
            if open.isMapping {
                var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                var seen: [String: YAMLNode] = [:]
                for index in stride(from: 0, to: open.items.count - 1, by: 2) {
                    let key = open.items[index]
                    if let text = key.text, let earlier = seen[text] {
                        throw YAMLError("duplicate key '\(text)' (first at line \(earlier.line))", at: key, source: source)
                    }
                    if let text = key.text { seen[text] = key }
                    pairs.append((key, open.items[index + 1]))
                }
                node = YAMLNode(kind: .mapping(pairs), file: file, line: open.line, column: open.column)
            } else {
                node = YAMLNode(kind: .sequence(open.items), file: file, line: open.line, column: open.column)
            }
            if let anchor = open.anchor { anchors[anchor] = node }
            try add(node)
        default:
            break
        }
    }

    private mutating func add(_ node: YAMLNode) throws {
        if stack.isEmpty { root = node } else { stack[stack.count - 1].items.append(node) }
    }
}
