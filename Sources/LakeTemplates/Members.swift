import Foundation

/// Attribute and item access, and the Python methods templates call on strings, lists and dicts.
enum Members {
    /// `object.name`: a method, a dict key, or an object's attribute; nil when there is none.
    static func attribute(_ name: String, of object: Value) throws -> Value? {
        switch object {
        case .object(let host): return try host.attribute(name)
        case .dict(let box): return dictMethod(box, name).map(Value.function) ?? box[name]
        case .string(let text): return stringMethod(text, name).map(Value.function)
        case .list(let box): return listMethod(box, name).map(Value.function)
        default: return nil
        }
    }

    /// `object[key]`: an item, falling back to an attribute for string keys, as Jinja does.
    static func item(_ key: Value, of object: Value) throws -> Value {
        switch (object, key) {
        case (.dict(let box), _):
            if let value = box[key] { return value }
        case (.list(let box), .int(let index)):
            let position = index < 0 ? box.items.count + index : index
            guard box.items.indices.contains(position) else { return .undefined("list index \(index) out of range") }
            return box.items[position]
        case (.string(let text), .int(let index)):
            let characters = Array(text)
            let position = index < 0 ? characters.count + index : index
            guard characters.indices.contains(position) else { return .undefined("string index \(index) out of range") }
            return .string(String(characters[position]))
        case (.object(let host), _):
            if let value = try host.item(key) { return value }
        default: break
        }
        if case .string(let name) = key, let value = try attribute(name, of: object) { return value }
        return .undefined("\(describe(object)) has no item \(key.repr())")
    }

    /// Python slicing of lists and strings.
    static func slice(_ object: Value, start: Value?, stop: Value?, step: Value?) throws -> Value {
        func integer(_ value: Value?) throws -> Int? {
            guard let value, !value.isNone else { return nil }
            guard case .int(let number) = value else { throw TemplateFailure("slice indices must be integers") }
            return number
        }
        let items: [Value]
        switch object {
        case .list(let box): items = box.items
        case .string(let text): items = text.map { .string(String($0)) }
        default: throw TemplateFailure("\(describe(object)) cannot be sliced")
        }
        let step = try integer(step) ?? 1
        guard step != 0 else { throw TemplateFailure("slice step cannot be zero") }
        let count = items.count
        func clamp(_ index: Int?, _ fallback: Int) -> Int {
            guard var index else { return fallback }
            if index < 0 { index += count }
            return step > 0 ? min(max(index, 0), count) : min(max(index, -1), count - 1)
        }
        let from = clamp(try integer(start), step > 0 ? 0 : count - 1)
        let to = clamp(try integer(stop), step > 0 ? count : -1)
        var result: [Value] = []
        var index = from
        while step > 0 ? index < to : index > to { result.append(items[index]); index += step }
        if case .string = object { return .string(try result.map { try $0.rendered() }.joined()) }
        if case .list(let box) = object { return .list(result, isTuple: box.isTuple) }
        return .list(result)
    }

    static func describe(_ object: Value) -> String {
        switch object {
        case .object(let host): "'\(host.typeName)' object"
        default: "'\(object.typeName) object'"
        }
    }

    // MARK: - Methods

    private static func method(_ name: String, _ body: @escaping (CallArguments) throws -> Value) -> Function {
        Function(name, body)
    }

    static func stringMethod(_ text: String, _ name: String) -> Function? {
        switch name {
        case "upper": return method(name) { _ in .string(text.uppercased()) }
        case "lower": return method(name) { _ in .string(text.lowercased()) }
        case "title": return method(name) { _ in .string(TextCase.title(text)) }
        case "capitalize": return method(name) { _ in .string(TextCase.capitalize(text)) }
        case "strip", "lstrip", "rstrip":
            return method(name) { arguments in
                let characters = try arguments.value(0, "chars").flatMap { $0.isNone ? nil : try $0.rendered() }
                return .string(TextCase.strip(text, characters: characters, leading: name != "rstrip", trailing: name != "lstrip"))
            }
        case "split", "rsplit":
            return method(name) { arguments in
                let separator = try arguments.value(0, "sep").flatMap { $0.isNone ? nil : try $0.rendered() }
                let limit = arguments.value(1, "maxsplit").flatMap { if case .int(let n) = $0 { n } else { nil } } ?? -1
                return .list(TextCase.split(text, separator: separator, limit: limit, fromRight: name == "rsplit").map(Value.string))
            }
        case "replace":
            return method(name) { arguments in
                let old = try arguments.string(0, "old"), new = try arguments.string(1, "new")
                return .string(text.replacingOccurrences(of: old, with: new))
            }
        case "startswith", "endswith":
            return method(name) { arguments in
                let prefixes: [String] = switch try arguments.required(0, "prefix") {
                case .list(let box): try box.items.map { try $0.rendered() }
                case let value: [try value.rendered()]
                }
                return .bool(prefixes.contains { name == "startswith" ? text.hasPrefix($0) : text.hasSuffix($0) })
            }
        case "join":
            return method(name) { arguments in
                .string(try arguments.required(0, "iterable").iterate().map { try $0.rendered() }.joined(separator: text))
            }
        case "format":
            return method(name) { arguments in .string(try BraceFormat.apply(text, arguments)) }
        case "find":
            return method(name) { arguments in
                let needle = try arguments.string(0, "sub")
                guard let range = text.range(of: needle) else { return .int(-1) }
                return .int(text.distance(from: text.startIndex, to: range.lowerBound))
            }
        case "count":
            return method(name) { arguments in
                let needle = try arguments.string(0, "sub")
                return .int(needle.isEmpty ? text.count + 1 : text.components(separatedBy: needle).count - 1)
            }
        case "isdigit": return method(name) { _ in .bool(!text.isEmpty && text.allSatisfy(\.isNumber)) }
        case "isalpha": return method(name) { _ in .bool(!text.isEmpty && text.allSatisfy(\.isLetter)) }
        case "islower": return method(name) { _ in .bool(text.contains(where: \.isLetter) && text == text.lowercased()) }
        case "isupper": return method(name) { _ in .bool(text.contains(where: \.isLetter) && text == text.uppercased()) }
        case "splitlines": return method(name) { _ in .list(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { .string(String($0)) }) }
        default: return nil
        }
    }

    static func listMethod(_ box: ListBox, _ name: String) -> Function? {
        if box.isSet { return setMethod(box, name) }
        switch name {
        case "append": return method(name) { arguments in box.items.append(try arguments.required(0, "object")); return .none }
        case "extend": return method(name) { arguments in box.items += try arguments.required(0, "iterable").iterate(); return .none }
        case "insert":
            return method(name) { arguments in
                guard case .int(let index) = try arguments.required(0, "index") else { throw TemplateFailure("insert() index must be an integer") }
                let position = min(max(index < 0 ? box.items.count + index : index, 0), box.items.count)
                box.items.insert(try arguments.required(1, "object"), at: position)
                return .none
            }
        case "pop":
            return method(name) { arguments in
                guard !box.items.isEmpty else { throw TemplateFailure("pop from empty list") }
                var index = box.items.count - 1
                if case .int(let given)? = arguments.value(0, "index") { index = given < 0 ? box.items.count + given : given }
                guard box.items.indices.contains(index) else { throw TemplateFailure("pop index out of range") }
                return box.items.remove(at: index)
            }
        case "remove":
            return method(name) { arguments in
                let value = try arguments.required(0, "value")
                guard let index = box.items.firstIndex(where: { $0.equals(value) }) else { throw TemplateFailure("list.remove(x): x not in list") }
                box.items.remove(at: index)
                return .none
            }
        case "index":
            return method(name) { arguments in
                let value = try arguments.required(0, "value")
                guard let index = box.items.firstIndex(where: { $0.equals(value) }) else { throw TemplateFailure("\(value.repr()) is not in list") }
                return .int(index)
            }
        case "count":
            return method(name) { arguments in
                let value = try arguments.required(0, "value")
                return .int(box.items.filter { $0.equals(value) }.count)
            }
        case "copy": return method(name) { _ in .list(box.items, isTuple: box.isTuple) }
        default: return nil
        }
    }

    /// Python's set methods; the ones returning a set return a new one.
    static func setMethod(_ box: ListBox, _ name: String) -> Function? {
        func contains(_ items: [Value], _ item: Value) -> Bool { items.contains { $0.equals(item) } }
        func others(_ arguments: CallArguments) throws -> [[Value]] { try arguments.positional.map { try $0.iterate() } }
        switch name {
        case "add":
            return method(name) { arguments in
                let item = try arguments.required(0, "elem")
                if !contains(box.items, item) { box.items.append(item) }
                return .none
            }
        case "update":
            return method(name) { arguments in
                for item in try others(arguments).joined() where !contains(box.items, item) { box.items.append(item) }
                return .none
            }
        case "discard", "remove":
            return method(name) { arguments in
                let item = try arguments.required(0, "elem")
                guard let index = box.items.firstIndex(where: { $0.equals(item) }) else {
                    if name == "remove" { throw TemplateFailure("KeyError: \(item.repr())") }
                    return .none
                }
                box.items.remove(at: index)
                return .none
            }
        case "union": return method(name) { arguments in .set(box.items + (try others(arguments).joined())) }
        case "intersection":
            return method(name) { arguments in
                let sets = try others(arguments)
                return .set(box.items.filter { item in sets.allSatisfy { contains($0, item) } })
            }
        case "difference":
            return method(name) { arguments in
                let sets = try others(arguments)
                return .set(box.items.filter { item in !sets.contains { contains($0, item) } })
            }
        case "symmetric_difference":
            return method(name) { arguments in
                let other = try arguments.required(0, "other").iterate()
                return .set(box.items.filter { !contains(other, $0) } + other.filter { !contains(box.items, $0) })
            }
        case "issubset":
            return method(name) { arguments in
                let other = try arguments.required(0, "other").iterate()
                return .bool(box.items.allSatisfy { contains(other, $0) })
            }
        case "issuperset":
            return method(name) { arguments in .bool(try arguments.required(0, "other").iterate().allSatisfy { contains(box.items, $0) }) }
        case "isdisjoint": return method(name) { arguments in .bool(try !arguments.required(0, "other").iterate().contains { contains(box.items, $0) }) }
        case "copy": return method(name) { _ in .set(box.items) }
        case "pop":
            return method(name) { _ in
                guard !box.items.isEmpty else { throw TemplateFailure("KeyError: 'pop from an empty set'") }
                return box.items.removeFirst()
            }
        case "clear": return method(name) { _ in box.items.removeAll(); return .none }
        default: return nil
        }
    }

    static func dictMethod(_ box: DictBox, _ name: String) -> Function? {
        switch name {
        case "items": return method(name) { _ in .list(box.pairs.map { .list([$0.key, $0.value], isTuple: true) }) }
        case "keys": return method(name) { _ in .list(box.keys) }
        // dbt's objects (a run result's node and timing, config.vars) have to_dict(); lake gives
        // templates those objects as dicts, so a dict answers it with itself, copied.
        case "to_dict":
            return method(name) { _ in
                let copy = DictBox()
                for (key, value) in box.pairs { copy[key] = value }
                return .dict(copy)
            }
        case "values": return method(name) { _ in .list(box.pairs.map(\.value)) }
        case "get":
            return method(name) { arguments in
                box[try arguments.required(0, "key")] ?? arguments.value(1, "default") ?? .none
            }
        case "update":
            return method(name) { arguments in
                if let other = arguments.positional.first {
                    guard case .dict(let source) = other else { throw TemplateFailure("update() takes a dict, not \(other.typeName)") }
                    for (key, value) in source.pairs { box[key] = value }
                }
                for (key, value) in arguments.keyword { box[key] = value }
                return .none
            }
        case "pop":
            return method(name) { arguments in
                let key = try arguments.required(0, "key")
                if let value = box[key] { box[key] = nil; return value }
                if let fallback = arguments.value(1, "default") { return fallback }
                throw TemplateFailure("key \(key.repr()) not found")
            }
        case "setdefault":
            return method(name) { arguments in
                let key = try arguments.required(0, "key")
                if let value = box[key] { return value }
                let value = arguments.value(1, "default") ?? .none
                box[key] = value
                return value
            }
        case "copy":
            return method(name) { _ in
                let copy = DictBox()
                for (key, value) in box.pairs { copy[key] = value }
                return .dict(copy)
            }
        default: return nil
        }
    }
}

extension Value {
    /// `value.name` as a template reads it (a method, a dict key or an object's attribute); nil when there is none.
    public func member(_ name: String) throws -> Value? { try Members.attribute(name, of: self) }
}
