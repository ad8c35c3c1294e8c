import LakeTemplates
import LakeYAML

/// Configuration and arguments written in YAML may hold Jinja that dbt renders later (project
/// configuration as it loads, a generic test's arguments when the test compiles).
extension JSONValue {
    /// Whether a text in the value holds Jinja.
    var holdsJinja: Bool {
        switch self {
        case .string(let text): text.contains("{{") || text.contains("{%")
        case .array(let items): items.contains(where: \.holdsJinja)
        case .object(let pairs): pairs.contains { $0.1.holdsJinja }
        default: false
        }
    }

    /// The value with each text that holds Jinja replaced by what `render` makes of it.
    func renderingJinja(_ render: (String) throws -> JSONValue) throws -> JSONValue {
        switch self {
        case .string(let text) where text.contains("{{") || text.contains("{%"): try render(text)
        case .array(let items): .array(try items.map { try $0.renderingJinja(render) })
        case .object(let pairs): .object(try pairs.map { ($0.0, try $0.1.renderingJinja(render)) })
        default: self
        }
    }

    /// What dbt's native rendering makes of a rendered text: the Python literal it spells
    /// (`True` a boolean, `None` null, `3` a number, `['a', 'b']` a list, `{'k': 1}` a mapping),
    /// else the text itself.
    static func native(_ rendered: String) -> JSONValue {
        let output = rendered.trimmingCharacters(in: .whitespacesAndNewlines)
        switch output {
        case "True", "true": return .bool(true)
        case "False", "false": return .bool(false)
        case "None", "none": return .null
        default: break
        }
        if let number = Int(output) { return .int(number) }
        if let number = Double(output) { return .double(number) }
        // A list or dict's repr reads as a YAML flow collection.
        if (output.hasPrefix("[") && output.hasSuffix("]")) || (output.hasPrefix("{") && output.hasSuffix("}")),
           let parsed = try? YAMLParser.parse(output, file: "rendered value") {
            return parsed.json
        }
        return .string(output)
    }
}
