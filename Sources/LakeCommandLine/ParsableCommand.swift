/// A command: one type per command, declaring its arguments, built from what the user typed, then run.
public protocol ParsableCommand {
    static var configuration: CommandConfiguration { get }
    /// Reads the command's values; a conversion failure is a usage error.
    init(parsed: ParsedArguments) throws
    /// Does the work. Throw `ExitCode` to end with a specific status, any other error to fail (exit 1).
    func run() throws
}

extension ParsableCommand {
    /// A command that only groups subcommands has nothing to run by itself.
    public init(parsed: ParsedArguments) throws { throw UsageError.missingSubcommand(commandPath: parsed.commandPath) }
    public func run() throws { throw UsageError.missingSubcommand(commandPath: []) }
}

/// Ends the process with this status, after the command has printed what it wanted to.
public struct ExitCode: Error, Equatable, Sendable {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    public static let success = ExitCode(0)
    public static let failure = ExitCode(1)
    public static let usage = ExitCode(2)
}
