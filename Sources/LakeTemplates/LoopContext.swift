/// The `loop` variable inside `{% for %}`.
final class LoopContext: TemplateObject {
    let items: [Value]
    var index0 = 0

    init(items: [Value]) { self.items = items }

    var typeName: String { "LoopContext" }
    var rendered: String { "<LoopContext \(index0 + 1)/\(items.count)>" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "index": .int(index0 + 1)
        case "index0": .int(index0)
        case "revindex": .int(items.count - index0)
        case "revindex0": .int(items.count - index0 - 1)
        case "first": .bool(index0 == 0)
        case "last": .bool(index0 == items.count - 1)
        case "length": .int(items.count)
        case "depth": .int(1)
        case "depth0": .int(0)
        case "previtem": index0 > 0 ? items[index0 - 1] : .undefined("there is no previous item")
        case "nextitem": index0 + 1 < items.count ? items[index0 + 1] : .undefined("there is no next item")
        case "cycle":
            .function(Function("cycle") { [index0] arguments in
                guard !arguments.positional.isEmpty else { throw TemplateFailure("cycle() needs at least one value") }
                return arguments.positional[index0 % arguments.positional.count]
            })
        default: nil
        }
    }
}
