import Foundation

/// A value inside a template, with Python's semantics where Jinja has them: lists and dicts are
/// shared by reference (so `{% do items.append(x) %}` is seen everywhere), `/` gives a float, and
/// printing follows Python's `str()`.
public enum Value: @unchecked Sendable {
    /// A name or attribute that does not exist. Only `is defined`, `default` and `is none`-style
    /// questions may touch it; anything else is an error at the place it was written.
    case undefined(String)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list(ListBox)
    case dict(DictBox)
    case function(Function)
    case object(any TemplateObject)

    public static func list(_ items: [Value], isTuple: Bool = false) -> Value { .list(ListBox(items, isTuple: isTuple)) }
    /// Python's `set(items)`.
    public static func set(_ items: [Value]) -> Value { .list(ListBox(distinct: items)) }
    public static func dict(_ pairs: [(String, Value)]) -> Value {
        let box = DictBox()
        for (key, value) in pairs { box[.string(key)] = value }
        return .dict(box)
    }

    public var isUndefined: Bool { if case .undefined = self { true } else { false } }
    public var isNone: Bool { if case .none = self { true } else { false } }

    /// The name of the value's type, as Python would say it, for error messages.
    public var typeName: String {
        switch self {
        case .undefined: "undefined"
        case .none: "none"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "string"
        case .list(let box): box.isSet ? "set" : box.isTuple ? "tuple" : "list"
        case .dict: "dict"
        case .function: "function"
        case .object(let object): object.typeName
        }
    }
}

/// A list's items, shared between every place that holds the list. A tuple and a Python set
/// (dbt's `set()`) are lists of their own kind: a set's items are distinct, kept in the order
/// first seen (Python's order is arbitrary), and it equals another set with the same items.
public final class ListBox {
    public enum Kind: Sendable { case list, tuple, set }
    public var items: [Value]
    public let kind: Kind
    public var isTuple: Bool { kind == .tuple }
    public var isSet: Bool { kind == .set }
    public init(_ items: [Value], isTuple: Bool = false) {
        self.items = items
        self.kind = isTuple ? .tuple : .list
    }
    /// A set of `items`, each once.
    public init(distinct items: [Value]) {
        var seen: [Value] = []
        for item in items where !seen.contains(where: { $0.equals(item) }) { seen.append(item) }
        self.items = seen
        self.kind = .set
    }
}

/// A dict in insertion order, shared between every place that holds it.
public final class DictBox {
    public private(set) var keys: [Value] = []
    private var storage: [HashKey: Value] = [:]

    public init() {}

    public subscript(key: Value) -> Value? {
        get { HashKey(key).flatMap { storage[$0] } }
        set {
            guard let hashKey = HashKey(key) else { return }
            if let newValue {
                if storage.updateValue(newValue, forKey: hashKey) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: hashKey) != nil {
                keys.removeAll { HashKey($0) == hashKey }
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { self[.string(key)] }
        set { self[.string(key)] = newValue }
    }

    public var count: Int { keys.count }
    public var pairs: [(key: Value, value: Value)] { keys.map { ($0, self[$0]!) } }
}

/// The hashable subset of values that may be dict keys (as in Python: no lists or dicts).
struct HashKey: Hashable {
    private enum Kind: Hashable { case none, bool(Bool), number(Double), int(Int), string(String), object(String, String), tuple([HashKey]) }
    private let kind: Kind

    init?(_ value: Value) {
        switch value {
        case .none: kind = .none
        // Python: True == 1 and hash(True) == hash(1); 1 == 1.0.
        case .bool(let flag): kind = .int(flag ? 1 : 0)
        case .int(let number): kind = .int(number)
        case .double(let number): kind = number == number.rounded() && abs(number) < 9e15 ? .int(Int(number)) : .number(number)
        case .string(let text): kind = .string(text)
        // dbt's relations (and other host objects) are hashable dataclasses: equal when they print alike.
        case .object(let object): kind = .object(object.typeName, object.rendered)
        case .list(let box) where box.isTuple:
            let keys = box.items.compactMap(HashKey.init)
            guard keys.count == box.items.count else { return nil }
            kind = .tuple(keys)
        default: return nil
        }
    }
}

/// Something a template can call: a built-in function or a macro.
public final class Function {
    public let name: String
    let body: (CallArguments, Interpreter) throws -> Value
    /// The macro this function calls, when it stands for one (nil for a host function).
    let macro: MacroDefinition?

    public init(_ name: String, _ body: @escaping (CallArguments) throws -> Value) {
        self.name = name
        self.body = { arguments, _ in try body(arguments) }
        macro = nil
    }

    init(name: String, macro: MacroDefinition? = nil, body: @escaping (CallArguments, Interpreter) throws -> Value) {
        self.name = name
        self.body = body
        self.macro = macro
    }

    /// A host function that calls template values it is given (dbt's `statement` renders the
    /// `caller()` of its call block).
    public init(_ name: String, invoking body: @escaping (CallArguments, Invoker) throws -> Value) {
        self.name = name
        self.body = { arguments, interpreter in try body(arguments, Invoker(interpreter: interpreter)) }
        macro = nil
    }
}

/// Lets a host function call a template function or macro with the render it runs in.
public struct Invoker {
    let interpreter: Interpreter
    public func call(_ callee: Value, _ arguments: CallArguments) throws -> Value { try interpreter.invoke(callee, arguments) }
}

/// Host objects with attributes (dbt's `this`, `target`, a relation, a query result …).
public protocol TemplateObject: AnyObject {
    var typeName: String { get }
    /// The attribute, or nil when there is none (the template sees it as undefined).
    func attribute(_ name: String) throws -> Value?
    /// What `{{ object }}` prints.
    var rendered: String { get }
    /// For objects that can be called like functions (dbt's `config(...)`).
    func call(_ arguments: CallArguments) throws -> Value
    /// For objects a `for` loop can walk.
    var elements: [Value]? { get }
    /// For `object[key]`.
    func item(_ key: Value) throws -> Value?
    /// Whether `is mapping` holds (dbt's relations are dataclasses packages test this way).
    var isMapping: Bool { get }
    /// Whether `is callable` holds.
    var isCallable: Bool { get }
    /// Python's `+` and `-` with this object on the left (or, `reflected`, on the right); nil when
    /// the object does not define it for `other` (then the operation is a type error).
    func arithmetic(_ symbol: String, _ other: Value, reflected: Bool) throws -> Value?
    /// Python's ordering against `other`; nil when they do not order.
    func compare(to other: Value) -> ComparisonResult?
}

extension TemplateObject {
    public func call(_ arguments: CallArguments) throws -> Value {
        throw TemplateFailure("'\(typeName)' object is not callable")
    }
    public var elements: [Value]? { nil }
    public func item(_ key: Value) throws -> Value? { nil }
    public var isMapping: Bool { false }
    public var isCallable: Bool { false }
    public func arithmetic(_ symbol: String, _ other: Value, reflected: Bool) throws -> Value? { nil }
    public func compare(to other: Value) -> ComparisonResult? { nil }
}

/// An error raised by host code (a function, filter or object) while rendering; the interpreter
/// adds the file and position where the template called it.
public struct TemplateFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
