/// Jinja's global functions (plus dbt's `return`).
enum Builtins {
    static var globals: [String: Value] {
        [
            "range": .function(Function("range", range)),
            "dict": .function(Function("dict") { arguments in
                let box = DictBox()
                if let first = arguments.positional.first, case .dict(let source) = first {
                    for (key, value) in source.pairs { box[key] = value }
                }
                for (name, value) in arguments.keyword { box[name] = value }
                return .dict(box)
            }),
            "namespace": .function(Function("namespace") { arguments in
                var values: [String: Value] = [:]
                if let first = arguments.positional.first, case .dict(let source) = first {
                    for (key, value) in source.pairs { values[try key.rendered()] = value }
                }
                for (name, value) in arguments.keyword { values[name] = value }
                return .object(Namespace(values: values))
            }),
            // dbt: `{{ return(x) }}` / `{% do return(x) %}` ends a macro with the value x.
            "return": .function(Function("return") { arguments in
                throw Interpreter.MacroReturn(value: arguments.value(0, "value") ?? .none)
            }),
        ]
    }

    static func range(_ arguments: CallArguments) throws -> Value {
        let numbers = try arguments.positional.map { value -> Int in
            guard case .int(let number) = value else { throw TemplateFailure("range() takes integers, not \(value.typeName)") }
            return number
        }
        let (start, stop, step): (Int, Int, Int) = switch numbers.count {
        case 1: (0, numbers[0], 1)
        case 2: (numbers[0], numbers[1], 1)
        case 3: (numbers[0], numbers[1], numbers[2])
        default: throw TemplateFailure("range() takes 1 to 3 integers, \(numbers.count) given")
        }
        guard step != 0 else { throw TemplateFailure("range() step must not be zero") }
        let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
        guard count <= 1_000_000 else { throw TemplateFailure("range() of \(count) items is too large for a template") }
        return .list(Swift.stride(from: start, to: stop, by: step).map { .int($0) })
    }
}
