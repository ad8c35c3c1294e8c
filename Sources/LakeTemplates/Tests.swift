import Foundation

/// Jinja's tests: `value is name(arguments)`.
enum Tests {
    static let all: [String: TestFunction] = {
        func compare(_ wanted: @escaping @Sendable (ComparisonResultValue) -> Bool) -> TestFunction {
            { value, arguments, _ in
                guard let other = arguments.first else { throw TemplateFailure("the test needs a value to compare with") }
                return wanted(ComparisonResultValue(try value.compare(other)))
            }
        }
        let equal: TestFunction = { value, arguments, _ in
            guard let other = arguments.first else { throw TemplateFailure("the test needs a value to compare with") }
            return value.equals(other)
        }
        return [
            "defined": { value, _, _ in !value.isUndefined },
            "undefined": { value, _, _ in value.isUndefined },
            "none": { value, _, _ in value.isNone },
            "boolean": { value, _, _ in if case .bool = value { true } else { false } },
            "true": { value, _, _ in if case .bool(true) = value { true } else { false } },
            "false": { value, _, _ in if case .bool(false) = value { true } else { false } },
            "integer": { value, _, _ in if case .int = value { true } else { false } },
            "float": { value, _, _ in if case .double = value { true } else { false } },
            "number": { value, _, _ in if case .int = value { true } else if case .double = value { true } else { false } },
            "string": { value, _, _ in if case .string = value { true } else { false } },
            "mapping": { value, _, _ in
                switch value { case .dict: true; case .object(let object): object.isMapping; default: false }
            },
            "sequence": { value, _, _ in
                switch value { case .list, .string, .dict: true; case .object(let object): object.elements != nil; default: false }
            },
            "iterable": { value, _, _ in (try? value.iterate()) != nil },
            "callable": { value, _, _ in
                switch value { case .function: true; case .object(let object): object.isCallable; default: false }
            },
            "odd": { value, _, _ in
                guard case .int(let number) = value else { throw TemplateFailure("odd expects an integer") }
                return number % 2 != 0
            },
            "even": { value, _, _ in
                guard case .int(let number) = value else { throw TemplateFailure("even expects an integer") }
                return number % 2 == 0
            },
            "divisibleby": { value, arguments, _ in
                guard case .int(let number) = value, case .int(let divisor)? = arguments.first, divisor != 0 else {
                    throw TemplateFailure("divisibleby expects integers and a non-zero divisor")
                }
                return number % divisor == 0
            },
            "eq": equal, "equalto": equal, "==": equal,
            "ne": { value, arguments, interpreter in !(try equal(value, arguments, interpreter)) },
            "lt": compare { $0 == .less }, "lessthan": compare { $0 == .less },
            "le": compare { $0 != .greater },
            "gt": compare { $0 == .greater }, "greaterthan": compare { $0 == .greater },
            "ge": compare { $0 != .less },
            "in": { value, arguments, _ in
                guard let container = arguments.first else { throw TemplateFailure("the in test needs a container") }
                return try container.contains(value)
            },
            "lower": { value, _, _ in if case .string(let text) = value { text == text.lowercased() } else { false } },
            "upper": { value, _, _ in if case .string(let text) = value { text == text.uppercased() } else { false } },
            "sameas": { value, arguments, _ in
                guard let other = arguments.first else { return false }
                switch (value, other) {
                case (.none, .none): return true
                case (.bool(let a), .bool(let b)): return a == b
                case (.list(let a), .list(let b)): return a === b
                case (.dict(let a), .dict(let b)): return a === b
                case (.object(let a), .object(let b)): return a === b
                default: return false
                }
            },
        ]
    }()
}

/// Foundation's ComparisonResult without importing Foundation's names into every test.
enum ComparisonResultValue {
    case less, same, greater
    init(_ result: ComparisonResult) {
        self = result == .orderedAscending ? .less : result == .orderedDescending ? .greater : .same
    }
}
