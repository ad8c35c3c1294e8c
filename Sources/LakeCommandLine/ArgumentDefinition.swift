/// What one argument of a command is: the untyped description the parser and the help read.
public struct ArgumentDefinition: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `--name value` or `--name=value`; `repeating` options may be given many times, and each
        /// occurrence may take several values (`--select a b c`).
        case option(valueName: String, repeating: Bool)
        /// `--name`, true when present.
        case flag
        /// A bare value in order; `repeating` takes all that remain.
        case positional(repeating: Bool, required: Bool)
    }

    public let kind: Kind
    /// Long name without dashes (`project-dir`), or the positional's display name.
    public let name: String
    public let short: Character?
    public let help: String
    /// Shown as "(default: …)".
    public let defaultDescription: String?
    /// For options with a fixed set of values.
    public let choices: [String]

    public var isPositional: Bool { if case .positional = kind { true } else { false } }

    /// How it is written in usage lines: `--name <value>`, `--flag`, `<name>`.
    public var synopsis: String {
        switch kind {
        case .option(let valueName, let repeating): "--\(name) <\(valueName)>" + (repeating ? " ..." : "")
        case .flag: "--\(name)"
        case .positional(let repeating, _): "<\(name)>" + (repeating ? " ..." : "")
        }
    }

    /// How it is listed in help: `-p, --project-dir <dir>`.
    var label: String {
        guard let short, !isPositional else { return synopsis }
        return "-\(short), " + synopsis
    }
}

/// An option with a value of type `Value` and no default, e.g. `--machines data/spec.csv`; absent, it is nil.
public struct Option<Value: ArgumentValue>: Sendable {
    public let definition: ArgumentDefinition

    public init(_ name: String, short: Character? = nil, valueName: String = "value", help: String) {
        definition = ArgumentDefinition(kind: .option(valueName: valueName, repeating: false), name: name,
                                        short: short, help: help, defaultDescription: nil,
                                        choices: Value.allValueStrings)
    }
}

/// An option with a value of type `Value` and a default, e.g. `--threads 4`: declared once, so the value a
/// command gets when the option is absent is the one help shows.
public struct DefaultedOption<Value: ArgumentValue>: Sendable {
    public let definition: ArgumentDefinition
    let defaultValue: Value

    public init(_ name: String, short: Character? = nil, valueName: String = "value", help: String,
                default defaultValue: Value) {
        definition = ArgumentDefinition(kind: .option(valueName: valueName, repeating: false), name: name,
                                        short: short, help: help, defaultDescription: defaultValue.argumentText,
                                        choices: Value.allValueStrings)
        self.defaultValue = defaultValue
    }
}

/// An option that may be given many times, each time with one or more values:
/// `--select a b --select c` gives [a, b, c].
public struct MultiOption<Value: ArgumentValue>: Sendable {
    public let definition: ArgumentDefinition

    public init(_ name: String, short: Character? = nil, valueName: String = "value", help: String) {
        definition = ArgumentDefinition(kind: .option(valueName: valueName, repeating: true), name: name,
                                        short: short, help: help, defaultDescription: nil,
                                        choices: Value.allValueStrings)
    }
}

/// A switch, e.g. `--quiet`.
public struct Flag: Sendable {
    public let definition: ArgumentDefinition

    public init(_ name: String, short: Character? = nil, help: String) {
        definition = ArgumentDefinition(kind: .flag, name: name, short: short, help: help,
                                        defaultDescription: nil, choices: [])
    }
}

/// A value given by position, e.g. the SQL of `lake query "SELECT 1"`.
public struct Positional<Value: ArgumentValue>: Sendable {
    public let definition: ArgumentDefinition

    public init(_ name: String, help: String, required: Bool = true, repeating: Bool = false) {
        definition = ArgumentDefinition(kind: .positional(repeating: repeating, required: required), name: name,
                                        short: nil, help: help, defaultDescription: nil,
                                        choices: Value.allValueStrings)
    }
}
