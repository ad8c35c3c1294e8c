/// What the user typed for one command, sorted by argument; commands read typed values from it.
public struct ParsedArguments: Sendable {
    /// The command's names from the root, e.g. ["lake", "run"].
    public let commandPath: [String]
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    init(commandPath: [String]) { self.commandPath = commandPath }

    /// The option's value, or nil when it was not given.
    public func value<Value>(_ option: Option<Value>) throws -> Value? {
        try values[option.definition.name]?.last.map { try convert($0, Value.self, for: "--" + option.definition.name) }
    }

    /// The option's value, or its declared default when it was not given.
    public func value<Value>(_ option: DefaultedOption<Value>) throws -> Value {
        guard let text = values[option.definition.name]?.last else { return option.defaultValue }
        return try convert(text, Value.self, for: "--" + option.definition.name)
    }

    /// Every value given for the option, in order.
    public func values<Value>(_ option: MultiOption<Value>) throws -> [Value] {
        try (values[option.definition.name] ?? []).map { try convert($0, Value.self, for: "--" + option.definition.name) }
    }

    public func isSet(_ flag: Flag) -> Bool { flags.contains(flag.definition.name) }

    public func value<Value>(_ positional: Positional<Value>) throws -> Value? {
        try values[positional.definition.name]?.first.map { try convert($0, Value.self, for: "<\(positional.definition.name)>") }
    }

    public func values<Value>(_ positional: Positional<Value>) throws -> [Value] {
        try (values[positional.definition.name] ?? []).map { try convert($0, Value.self, for: "<\(positional.definition.name)>") }
    }

    private func convert<Value: ArgumentValue>(_ text: String, _: Value.Type, for name: String) throws -> Value {
        guard let value = Value(argument: text) else {
            throw UsageError.invalidValue(text, option: name, expected: Value.valueDescription, commandPath: commandPath)
        }
        return value
    }
}
