import LakeTemplates

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
}
