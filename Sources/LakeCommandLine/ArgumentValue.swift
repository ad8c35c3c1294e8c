/// A type an option or positional argument can hold, parsed from the text the user typed.
public protocol ArgumentValue: Sendable {
    init?(argument: String)
    /// How the value is written on the command line, for "(default: …)" in help.
    var argumentText: String { get }
    /// The accepted spellings, when there is a fixed set (shown in help and in errors).
    static var allValueStrings: [String] { get }
    /// What the value is, for "expected …" in errors.
    static var valueDescription: String { get }
}

extension ArgumentValue {
    public static var allValueStrings: [String] { [] }
    public var argumentText: String { String(describing: self) }
}

extension String: ArgumentValue {
    public init?(argument: String) { self = argument }
    public static var valueDescription: String { "a string" }
}

extension Int: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public static var valueDescription: String { "an integer" }
}

extension Double: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    /// `25`, not `25.0`: what a user would type.
    public var argumentText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
    public static var valueDescription: String { "a number" }
}

/// Enumerations spelled by their raw values get their choices listed for free.
extension ArgumentValue where Self: CaseIterable & RawRepresentable, RawValue == String {
    public init?(argument: String) { self.init(rawValue: argument) }
    public var argumentText: String { rawValue }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var valueDescription: String { "one of " + allValueStrings.joined(separator: ", ") }
}
