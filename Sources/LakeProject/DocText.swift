import LakeTemplates
import TextSupport

/// A description from a schema file, rendered as dbt renders it: `{{ doc('name') }}` is the text of
/// the `{% docs name %}` block, anywhere in the project's models, macros or `.md` files.
enum DocText {
    static func render(_ text: String, docs: [String: String], file: String) throws -> String {
        guard text.contains("{{") || text.contains("{%") else { return text }
        let doc = Function("doc") { arguments in
            let name = try arguments.string(arguments.positional.count > 1 ? 1 : 0, "name")
            guard let body = docs[name] else {
                throw TemplateFailure("doc('\(name)'): no {% docs \(name) %} block" + EditDistance.hint(name, among: Array(docs.keys)))
            }
            return .string(body)
        }
        return try TemplateEnvironment().render(Template(name: "\(file) (description)", text: text, lenientUndefined: true), context: ["doc": .function(doc)])
    }
}

/// Where a `{% docs %}` block was read: its package and file (from the project root), for
/// manifest.json's `docs` (`doc.<package>.<name>`).
public struct DocLocation: Sendable, Equatable {
    public let package: String
    public let file: String
}
