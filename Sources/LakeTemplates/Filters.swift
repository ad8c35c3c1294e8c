import Foundation
import TextSupport

/// Jinja's built-in filters, with Jinja's argument names and behaviour.
enum Filters {
    static let all: [String: Filter] = {
        var filters: [String: Filter] = [
            "lower": { value, _, _ in .string(try value.rendered().lowercased()) },
            "upper": { value, _, _ in .string(try value.rendered().uppercased()) },
            "title": { value, _, _ in .string(TextCase.title(try value.rendered())) },
            "capitalize": { value, _, _ in .string(TextCase.capitalize(try value.rendered())) },
            "trim": { value, arguments, _ in
                let characters = try arguments.value(0, "chars").flatMap { $0.isNone ? nil : try $0.rendered() }
                return .string(TextCase.strip(try value.rendered(), characters: characters, leading: true, trailing: true))
            },
            "replace": { value, arguments, _ in
                let text = try value.rendered(), old = try arguments.required(0, "old").rendered()
                let new = try arguments.required(1, "new").rendered()
                guard case .int(let count)? = arguments.value(2, "count"), count >= 0 else {
                    return .string(text.replacingOccurrences(of: old, with: new))
                }
                var result = text, replaced = 0, searchStart = result.startIndex
                while replaced < count, let range = result.range(of: old, range: searchStart..<result.endIndex) {
                    result.replaceSubrange(range, with: new)
                    searchStart = result.index(range.lowerBound, offsetBy: new.count)
                    replaced += 1
                }
                return .string(result)
            },
            "join": { value, arguments, _ in
                let separator = try arguments.value(0, "d")?.rendered() ?? ""
                var items = try value.iterate()
                if let attribute = arguments.value(1, "attribute") { items = try items.map { try attributeValue($0, attribute) } }
                return .string(try items.map { try $0.rendered() }.joined(separator: separator))
            },
            "default": defaultFilter,
            "d": defaultFilter,
            "length": length,
            "count": length,
            "int": { value, arguments, _ in
                let fallback = arguments.value(0, "default") ?? .int(0)
                let base: Int = if case .int(let b)? = arguments.value(1, "base") { b } else { 10 }
                switch value {
                case .int: return value
                case .bool(let flag): return .int(flag ? 1 : 0)
                case .double(let number): return number.isFinite ? .int(Int(number)) : fallback
                case .string(let text):
                    let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
                    if let number = Int(trimmed, radix: base) { return .int(number) }
                    if base == 10, let number = Double(trimmed), number.isFinite { return .int(Int(number)) }
                    return fallback
                default: return fallback
                }
            },
            "float": { value, arguments, _ in
                let fallback = arguments.value(0, "default") ?? .double(0)
                switch value {
                case .double: return value
                case .int(let number): return .double(Double(number))
                case .bool(let flag): return .double(flag ? 1 : 0)
                case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces)).map(Value.double) ?? fallback
                default: return fallback
                }
            },
            "string": { value, _, _ in .string(try value.rendered()) },
            "list": { value, _, _ in .list(try value.iterate()) },
            "first": { value, _, _ in try value.iterate().first ?? .undefined("first() of an empty sequence") },
            "last": { value, _, _ in try value.iterate().last ?? .undefined("last() of an empty sequence") },
            "reverse": { value, _, _ in
                if case .string(let text) = value { return .string(String(text.reversed())) }
                return .list(try value.iterate().reversed())
            },
            "unique": { value, arguments, _ in
                let caseSensitive = try arguments.value(0, "case_sensitive")?.isTruthy() ?? false
                let attribute = arguments.value(1, "attribute")
                var seen: [Value] = [], result: [Value] = []
                for item in try value.iterate() {
                    var key = try attribute.map { try attributeValue(item, $0) } ?? item
                    if !caseSensitive, case .string(let text) = key { key = .string(text.lowercased()) }
                    if !seen.contains(where: { $0.equals(key) }) { seen.append(key); result.append(item) }
                }
                return .list(result)
            },
            "sort": { value, arguments, _ in
                let reverse = try arguments.value(0, "reverse")?.isTruthy() ?? false
                let caseSensitive = try arguments.value(1, "case_sensitive")?.isTruthy() ?? false
                let attribute = arguments.value(2, "attribute")
                return .list(try sorted(try value.iterate(), reverse: reverse, caseSensitive: caseSensitive) { item in
                    try attribute.map { try attributeValue(item, $0) } ?? item
                })
            },
            "dictsort": { value, arguments, _ in
                guard case .dict(let box) = value else { throw TemplateFailure("dictsort expects a dict, not \(value.typeName)") }
                let caseSensitive = try arguments.value(0, "case_sensitive")?.isTruthy() ?? false
                let byValue = try arguments.value(1, "by")?.rendered() == "value"
                let reverse = try arguments.value(2, "reverse")?.isTruthy() ?? false
                let pairs = box.pairs.map { Value.list([$0.key, $0.value], isTuple: true) }
                return .list(try sorted(pairs, reverse: reverse, caseSensitive: caseSensitive) { pair in
                    guard case .list(let items) = pair else { return pair }
                    return items.items[byValue ? 1 : 0]
                })
            },
            "items": { value, _, _ in
                guard case .dict(let box) = value else { throw TemplateFailure("items expects a dict, not \(value.typeName)") }
                return .list(box.pairs.map { .list([$0.key, $0.value], isTuple: true) })
            },
            "map": { value, arguments, interpreter in
                let items = try iterableIfTruthy(value)
                if let attribute = arguments.keyword.first(where: { $0.name == "attribute" })?.value {
                    let fallback = arguments.keyword.first { $0.name == "default" }?.value
                    return .list(try items.map { item in
                        let found = try attributeValue(item, attribute)
                        if found.isUndefined, let fallback { return fallback }
                        if case .undefined(let message) = found { throw TemplateFailure(message) }
                        return found
                    })
                }
                let name = try arguments.string(0, "filter")
                guard let filter = interpreter.environment.filters[name] else { throw TemplateFailure("no filter named '\(name)'") }
                let rest = CallArguments(callee: name, positional: Array(arguments.positional.dropFirst()), keyword: arguments.keyword)
                return .list(try items.map { try filter($0, rest, interpreter) })
            },
            "select": { value, arguments, interpreter in try selectOrReject(value, arguments, interpreter, keep: true, byAttribute: false) },
            "reject": { value, arguments, interpreter in try selectOrReject(value, arguments, interpreter, keep: false, byAttribute: false) },
            "selectattr": { value, arguments, interpreter in try selectOrReject(value, arguments, interpreter, keep: true, byAttribute: true) },
            "rejectattr": { value, arguments, interpreter in try selectOrReject(value, arguments, interpreter, keep: false, byAttribute: true) },
            "tojson": { value, arguments, _ in
                let indent: Int? = if case .int(let spaces)? = arguments.value(0, "indent") { spaces } else { nil }
                return .string(HTMLSafeJSON.encode(try JSONValue(value), indent: indent))
            },
            "safe": { value, _, _ in value },
            "e": escape,
            "escape": escape,
            "abs": { value, _, _ in
                switch value {
                case .int(let number): return .int(abs(number))
                case .double(let number): return .double(abs(number))
                default: throw TemplateFailure("bad operand type for abs(): \(value.typeName)")
                }
            },
            "round": { value, arguments, _ in
                guard let number = value.number else { throw TemplateFailure("round expects a number, not \(value.typeName)") }
                let precision: Int = if case .int(let digits)? = arguments.value(0, "precision") { digits } else { 0 }
                let method = try arguments.value(1, "method")?.rendered() ?? "common"
                let scale = pow(10.0, Double(precision))
                let rule: FloatingPointRoundingRule = switch method {
                case "ceil": .up
                case "floor": .down
                // "common" is Python's round(): halves go to the even neighbour.
                default: .toNearestOrEven
                }
                return .double((number * scale).rounded(rule) / scale)
            },
            "sum": { value, arguments, _ in
                var total = arguments.value(1, "start") ?? .int(0)
                let attribute = arguments.value(0, "attribute")
                for item in try value.iterate() {
                    total = try Value.arithmetic(.add, total, try attribute.map { try attributeValue(item, $0) } ?? item)
                }
                return total
            },
            "min": { value, arguments, _ in try extreme(value, arguments, wantLargest: false) },
            "max": { value, arguments, _ in try extreme(value, arguments, wantLargest: true) },
            "indent": { value, arguments, _ in
                let width: String = switch arguments.value(0, "width") {
                case .string(let text)?: text
                case .int(let spaces)?: String(repeating: " ", count: spaces)
                default: "    "
                }
                let indentFirst = try arguments.value(1, "first")?.isTruthy() ?? false
                let indentBlank = try arguments.value(2, "blank")?.isTruthy() ?? false
                let lines = try value.rendered().components(separatedBy: "\n")
                return .string(lines.enumerated().map { index, line in
                    (index == 0 && !indentFirst) || (line.isEmpty && !indentBlank) ? line : width + line
                }.joined(separator: "\n"))
            },
            "wordcount": { value, _, _ in .int(try value.rendered().split(whereSeparator: \.isWhitespace).count) },
            "format": { value, arguments, _ in
                let tuple = Value.list(arguments.positional, isTuple: true)
                return .string(try PercentFormat.apply(try value.rendered(), tuple))
            },
            "attr": { value, arguments, _ in try Members.attribute(try arguments.string(0, "name"), of: value) ?? .undefined("no attribute") },
            "batch": { value, arguments, _ in
                guard case .int(let size) = try arguments.required(0, "linecount"), size > 0 else { throw TemplateFailure("batch size must be a positive integer") }
                let items = try value.iterate()
                let fill = arguments.value(1, "fill_with")
                return .list(stride(from: 0, to: items.count, by: size).map { start in
                    var chunk = Array(items[start..<min(start + size, items.count)])
                    if let fill { while chunk.count < size { chunk.append(fill) } }
                    return .list(chunk)
                })
            },
        ]
        filters["center"] = { value, arguments, _ in
            let text = try value.rendered()
            let width: Int = if case .int(let w)? = arguments.value(0, "width") { w } else { 80 }
            let total = max(0, width - text.count), left = total / 2
            return .string(String(repeating: " ", count: left) + text + String(repeating: " ", count: total - left))
        }
        return filters
    }()

    private static let defaultFilter: Filter = { value, arguments, _ in
        let fallback = arguments.value(0, "default_value") ?? .string("")
        let useFalsy = try arguments.value(1, "boolean")?.isTruthy() ?? false
        if value.isUndefined { return fallback }
        if useFalsy, !(try value.isTruthy()) { return fallback }
        return value
    }

    private static let length: Filter = { value, _, _ in
        switch value {
        case .string(let text): return .int(text.count)
        case .dict(let box): return .int(box.count)
        default: return .int(try value.iterate().count)
        }
    }

    private static let escape: Filter = { value, _, _ in .string(HTMLEscape.escape(try value.rendered(), doubleQuote: "&#34;")) }

    /// `attribute="a.b"` or an integer index, as Jinja's attribute filters take them.
    static func attributeValue(_ item: Value, _ attribute: Value) throws -> Value {
        if case .int = attribute { return try Members.item(attribute, of: item) }
        var current = item
        for part in try attribute.rendered().split(separator: ".") {
            if let index = Int(part) { current = try Members.item(.int(index), of: current); continue }
            current = try Members.attribute(String(part), of: current)
                ?? (try? Members.item(.string(String(part)), of: current)) ?? .undefined("no attribute '\(part)'")
        }
        return current
    }

    private static func sorted(_ items: [Value], reverse: Bool, caseSensitive: Bool, key: (Value) throws -> Value) throws -> [Value] {
        let keyed = try items.map { item -> (Value, Value) in
            var sortKey = try key(item)
            if !caseSensitive, case .string(let text) = sortKey { sortKey = .string(text.lowercased()) }
            return (sortKey, item)
        }
        var failure: Error?
        // Stable, as Python's sort is.
        let ordered = keyed.enumerated().sorted { a, b in
            do {
                let order = try a.element.0.compare(b.element.0)
                if order == .orderedSame { return a.offset < b.offset }
                return reverse ? order == .orderedDescending : order == .orderedAscending
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return ordered.map(\.element.1)
    }

    private static func extreme(_ value: Value, _ arguments: CallArguments, wantLargest: Bool) throws -> Value {
        let caseSensitive = try arguments.value(0, "case_sensitive")?.isTruthy() ?? false
        let attribute = arguments.value(1, "attribute")
        let ordered = try sorted(try value.iterate(), reverse: wantLargest, caseSensitive: caseSensitive) { item in
            try attribute.map { try attributeValue(item, $0) } ?? item
        }
        return ordered.first ?? .undefined("\(wantLargest ? "max" : "min")() of an empty sequence")
    }

    /// The items map, select and their kin read: none when the value is falsy, as Jinja's filters
    /// start with `if value:` (`none | map(...)` is empty, not an error).
    private static func iterableIfTruthy(_ value: Value) throws -> [Value] {
        try value.isTruthy() ? value.iterate() : []
    }

    private static func selectOrReject(_ value: Value, _ arguments: CallArguments, _ interpreter: Interpreter,
                                       keep: Bool, byAttribute: Bool) throws -> Value {
        var rest = arguments.positional
        let attribute = byAttribute ? (rest.isEmpty ? nil : rest.removeFirst()) : nil
        let testName = rest.isEmpty ? nil : try rest.removeFirst().rendered()
        var test: TestFunction?
        if let testName {
            guard let found = interpreter.environment.tests[testName] else { throw TemplateFailure("no test named '\(testName)'") }
            test = found
        }
        return .list(try iterableIfTruthy(value).filter { item in
            let subject = try attribute.map { try attributeValue(item, $0) } ?? item
            let passes = try test.map { try $0(subject, rest, interpreter) } ?? (subject.isUndefined ? false : try subject.isTruthy())
            return passes == keep
        })
    }
}
