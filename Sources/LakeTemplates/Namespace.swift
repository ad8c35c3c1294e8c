/// `namespace(...)`: the one object whose attributes `{% set ns.x = … %}` may change, so a value set
/// inside a loop survives the loop.
final class Namespace: TemplateObject {
    var values: [String: Value]
    init(values: [String: Value]) { self.values = values }

    var typeName: String { "Namespace" }
    var rendered: String { "<Namespace " + values.keys.sorted().map { "\($0)=\(values[$0]!.repr())" }.joined(separator: ", ") + ">" }
    func attribute(_ name: String) throws -> Value? { values[name] }
}
