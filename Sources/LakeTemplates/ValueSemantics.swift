import Foundation

/// What values mean: printing, truth, equality, order and iteration, as Python defines them.
extension Value {
    /// Python's `str()`: what `{{ value }}` prints.
    public func rendered() throws -> String {
        switch self {
        case .undefined(let description): throw TemplateFailure(description)
        case .string(let text): return text
        case .object(let object): return object.rendered
        default: return repr()
        }
    }

    /// Python's `repr()`: how a value prints inside a list or dict.
    public func repr() -> String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return Self.pythonFloat(number)
        case .string(let text): return Self.pythonStringLiteral(text)
        case .list(let box):
            let items = box.items.map { $0.repr() }
            if box.isTuple { return "(" + items.joined(separator: ", ") + (items.count == 1 ? ",)" : ")") }
            if box.isSet { return items.isEmpty ? "set()" : "{" + items.joined(separator: ", ") + "}" }
            return "[" + items.joined(separator: ", ") + "]"
        case .dict(let box): return "{" + box.pairs.map { $0.key.repr() + ": " + $0.value.repr() }.joined(separator: ", ") + "}"
        case .function(let function): return "<function \(function.name)>"
        case .object(let object): return object.rendered
        }
    }

    /// Python's float repr: shortest round-trip digits, always with a point or exponent.
    static func pythonFloat(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        if number == number.rounded(), abs(number) < 1e16 {
            return String(format: "%.1f", number)
        }
        var text = "\(number)"
        // Swift writes 1e-05 and 1e+16 as Python does; make sure an exponent has a sign and two digits.
        if let e = text.firstIndex(of: "e") {
            var exponent = String(text[text.index(after: e)...])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = exponent.trimmingCharacters(in: ["+", "-"])
            if exponent.count < 2 { exponent = "0" + exponent }
            text = String(text[..<e]) + "e" + sign + exponent
        }
        return text
    }

    static func pythonStringLiteral(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default: out.append(character)
            }
        }
        out.append(quote)
        return out
    }

    /// Python's truth: empty and zero are false.
    public func isTruthy() throws -> Bool {
        switch self {
        case .undefined(let description): throw TemplateFailure(description)
        case .none: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .list(let box): return !box.items.isEmpty
        case .dict(let box): return box.count > 0
        case .function: return true
        case .object(let object): return object.elements.map { !$0.isEmpty } ?? true
        }
    }

    public var number: Double? {
        switch self {
        case .bool(let flag): flag ? 1 : 0
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    var isNumber: Bool { number != nil }

    /// Python's `==`.
    public func equals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.list(let a), .list(let b)) where a.isSet || b.isSet:
            return a.isSet && b.isSet && a.items.count == b.items.count && a.items.allSatisfy { item in b.items.contains { $0.equals(item) } }
        case (.list(let a), .list(let b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.equals($1) }
        case (.dict(let a), .dict(let b)):
            return a.count == b.count && a.pairs.allSatisfy { pair in b[pair.key].map { $0.equals(pair.value) } ?? false }
        case (.function(let a), .function(let b)): return a === b
        case (.object(let a), .object(let b)): return a === b || a.compare(to: other) == .orderedSame
        default:
            if let a = number, let b = other.number { return a == b }
            return false
        }
    }

    /// Python's ordering; mixing kinds that do not order is an error.
    public func compare(_ other: Value) throws -> ComparisonResult {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        case (.string(let a), .string(let b)):
            let a = Array(a.unicodeScalars.map(\.value)), b = Array(b.unicodeScalars.map(\.value))
            return a.lexicographicallyPrecedes(b) ? .orderedAscending : a == b ? .orderedSame : .orderedDescending
        case (.list(let a), .list(let b)):
            for (x, y) in zip(a.items, b.items) {
                let order = try x.compare(y)
                if order != .orderedSame { return order }
            }
            return a.items.count < b.items.count ? .orderedAscending : a.items.count > b.items.count ? .orderedDescending : .orderedSame
        case (.object(let object), _):
            if let order = object.compare(to: other) { return order }
            throw TemplateFailure("'<' not supported between \(typeName) and \(other.typeName)")
        default:
            if let a = number, let b = other.number { return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame }
            throw TemplateFailure("'<' not supported between \(typeName) and \(other.typeName)")
        }
    }

    /// What a `for` loop walks: list items, dict keys, a string's characters.
    public func iterate() throws -> [Value] {
        switch self {
        case .undefined(let description): throw TemplateFailure(description)
        case .list(let box): return box.items
        case .dict(let box): return box.keys
        case .string(let text): return text.map { .string(String($0)) }
        case .object(let object):
            guard let elements = object.elements else { throw TemplateFailure("'\(object.typeName)' object is not iterable") }
            return elements
        default: throw TemplateFailure("'\(typeName)' object is not iterable")
        }
    }

    /// Python's `in`.
    public func contains(_ needle: Value) throws -> Bool {
        switch self {
        case .string(let text):
            guard case .string(let part) = needle else { throw TemplateFailure("'in <string>' requires a string, not \(needle.typeName)") }
            return part.isEmpty || text.contains(part)
        case .dict(let box): return box[needle] != nil
        default: return try iterate().contains { $0.equals(needle) }
        }
    }
}

/// Arithmetic with Python's rules.
extension Value {
    /// Python's `a + b`.
    public static func add(_ left: Value, _ right: Value) throws -> Value { try arithmetic(.add, left, right) }

    static func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value {
        if op == .concat { return .string(try left.rendered() + right.rendered()) }
        switch (op, left, right) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.subtract, .list(let a), .list(let b)) where a.isSet && b.isSet:
            return .set(a.items.filter { item in !b.items.contains { $0.equals(item) } })
        case (.add, .list(let a), .list(let b)) where !a.isSet && !b.isSet: return .list(a.items + b.items, isTuple: a.isTuple)
        case (.multiply, .string(let text), .int(let count)), (.multiply, .int(let count), .string(let text)):
            return .string(String(repeating: text, count: max(0, count)))
        case (.multiply, .list(let box), .int(let count)):
            return .list(Array(repeating: box.items, count: max(0, count)).flatMap { $0 }, isTuple: box.isTuple)
        case (.modulo, .string(let format), _): return .string(try PercentFormat.apply(format, right))
        case (_, .object(let object), _):
            if let result = try object.arithmetic(op.rawValue, right, reflected: false) { return result }
        case (_, _, .object(let object)):
            if let result = try object.arithmetic(op.rawValue, left, reflected: true) { return result }
        default: break
        }
        guard left.isNumber, right.isNumber else {
            throw TemplateFailure("unsupported operand types for \(op.rawValue): \(left.typeName) and \(right.typeName)")
        }
        let bothInts: (Int, Int)? = switch (left, right) {
        case (.int(let a), .int(let b)): (a, b)
        case (.bool(let a), .int(let b)): (a ? 1 : 0, b)
        case (.int(let a), .bool(let b)): (a, b ? 1 : 0)
        case (.bool(let a), .bool(let b)): (a ? 1 : 0, b ? 1 : 0)
        default: nil
        }
        let a = left.number!, b = right.number!
        switch op {
        case .add, .subtract, .multiply:
            if let (x, y) = bothInts {
                let (result, overflow) = op == .add ? x.addingReportingOverflow(y)
                    : op == .subtract ? x.subtractingReportingOverflow(y) : x.multipliedReportingOverflow(by: y)
                if !overflow { return .int(result) }
            }
            return .double(op == .add ? a + b : op == .subtract ? a - b : a * b)
        case .divide:
            guard b != 0 else { throw TemplateFailure("division by zero") }
            return .double(a / b)
        case .floorDivide:
            guard b != 0 else { throw TemplateFailure("integer division or modulo by zero") }
            if let (x, y) = bothInts {
                let quotient = x / y
                return .int((x % y != 0 && (x < 0) != (y < 0)) ? quotient - 1 : quotient)
            }
            return .double((a / b).rounded(.down))
        case .modulo:
            guard b != 0 else { throw TemplateFailure("integer division or modulo by zero") }
            if let (x, y) = bothInts {
                let remainder = x % y
                return .int(remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder)
            }
            let remainder = fmod(a, b)
            return .double(remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
        case .power:
            if let (x, y) = bothInts, y >= 0 {
                var result = 1, base = x, exponent = y, overflow = false
                while exponent > 0 && !overflow {
                    if exponent & 1 == 1 { (result, overflow) = result.multipliedReportingOverflow(by: base) }
                    exponent >>= 1
                    if exponent > 0 && !overflow { (base, overflow) = base.multipliedReportingOverflow(by: base) }
                }
                if !overflow { return .int(result) }
            }
            return .double(pow(a, b))
        case .concat: fatalError("handled above")
        }
    }
}

/// Python's `'%s' % value` string formatting, for the conversions SQL templates use.
enum PercentFormat {
    static func apply(_ format: String, _ argument: Value) throws -> String {
        var arguments: [Value]
        if case .list(let box) = argument, box.isTuple { arguments = box.items } else { arguments = [argument] }
        var out = ""
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            guard character == "%" else { out.append(character); continue }
            var spec = ""
            while let next = characters.first, "0123456789.-+ ".contains(next) { spec.append(next); characters.removeFirst() }
            guard let conversion = characters.popFirst() else { throw TemplateFailure("incomplete format") }
            if conversion == "%" { out.append("%"); continue }
            guard !arguments.isEmpty else { throw TemplateFailure("not enough arguments for format string") }
            let value = arguments.removeFirst()
            switch conversion {
            case "s": out += try value.rendered()
            case "r": out += value.repr()
            case "d", "i":
                guard let number = value.number else { throw TemplateFailure("%d format: a number is required, not \(value.typeName)") }
                out += String(format: "%\(spec)d", Int(number))
            case "f", "e", "g":
                guard let number = value.number else { throw TemplateFailure("%\(conversion) format: a number is required, not \(value.typeName)") }
                out += String(format: "%\(spec)\(conversion)", number)
            default: throw TemplateFailure("unsupported format character '\(conversion)'")
            }
        }
        guard arguments.isEmpty else { throw TemplateFailure("not all arguments converted during string formatting") }
        return out
    }
}
