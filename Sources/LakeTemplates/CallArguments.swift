/// The arguments of one call, with helpers that check them the way Python does.
public struct CallArguments {
    public var positional: [Value]
    public var keyword: [(name: String, value: Value)]
    /// The function's name, for error messages.
    public let callee: String

    public init(callee: String, positional: [Value] = [], keyword: [(name: String, value: Value)] = []) {
        self.callee = callee
        self.positional = positional
        self.keyword = keyword
    }

    /// The argument at `position`, or the keyword `name`, or nil.
    public func value(_ position: Int, _ name: String) -> Value? {
        if position < positional.count { return positional[position] }
        return keyword.first { $0.name == name }?.value
    }

    /// Like `value(_:_:)`, but a missing argument is an error.
    public func required(_ position: Int, _ name: String) throws -> Value {
        guard let value = value(position, name) else { throw TemplateFailure("\(callee)() missing required argument '\(name)'") }
        return value
    }

    public func string(_ position: Int, _ name: String) throws -> String {
        let value = try required(position, name)
        guard case .string(let text) = value else {
            throw TemplateFailure("\(callee)() argument '\(name)' must be a string, not \(value.typeName)")
        }
        return text
    }

    /// Fails when more positional arguments, or unknown keywords, were given than `names` allows.
    public func check(accepts names: [String]) throws {
        if positional.count > names.count {
            throw TemplateFailure("\(callee)() takes \(names.count) positional argument\(names.count == 1 ? "" : "s") but \(positional.count) were given")
        }
        for (name, _) in keyword where !names.contains(name) {
            throw TemplateFailure("\(callee)() got an unexpected keyword argument '\(name)'")
        }
    }
}
