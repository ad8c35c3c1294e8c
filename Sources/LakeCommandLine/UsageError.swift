/// The user typed something the command does not take. Exit status 2, with a hint where one helps.
public enum UsageError: Error, Equatable, Sendable {
    case unknownCommand(String, commandPath: [String], suggestion: String?)
    case unknownOption(String, commandPath: [String], suggestion: String?)
    case missingValue(option: String, commandPath: [String])
    case invalidValue(String, option: String, expected: String, commandPath: [String])
    case missingArgument(String, commandPath: [String])
    case unexpectedArgument(String, commandPath: [String])
    case flagTakesNoValue(String, commandPath: [String])
    case missingSubcommand(commandPath: [String])

    public var commandPath: [String] {
        switch self {
        case .unknownCommand(_, let path, _), .unknownOption(_, let path, _), .missingValue(_, let path),
             .invalidValue(_, _, _, let path), .missingArgument(_, let path), .unexpectedArgument(_, let path),
             .flagTakesNoValue(_, let path), .missingSubcommand(let path):
            path
        }
    }
}

extension UsageError: CustomStringConvertible {
    public var description: String {
        func didYouMean(_ suggestion: String?) -> String { suggestion.map { ". Did you mean '\($0)'?" } ?? "" }
        switch self {
        case .unknownCommand(let name, _, let suggestion): return "unknown command '\(name)'" + didYouMean(suggestion)
        case .unknownOption(let name, _, let suggestion): return "unknown option '\(name)'" + didYouMean(suggestion)
        case .missingValue(let option, _): return "missing value for '\(option)'"
        case .invalidValue(let value, let option, let expected, _):
            return "invalid value '\(value)' for '\(option)': expected \(expected)"
        case .missingArgument(let name, _): return "missing argument <\(name)>"
        case .unexpectedArgument(let value, _): return "unexpected argument '\(value)'"
        case .flagTakesNoValue(let flag, _): return "'\(flag)' takes no value"
        case .missingSubcommand: return "missing subcommand"
        }
    }
}
