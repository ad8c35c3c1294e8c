import TextSupport

/// Runs a command tree on the process's arguments: parse, build, run, and map the outcome to an exit
/// status — 0 success, 1 failure, 2 usage error.
public struct CommandLineTool {
    public let root: any ParsableCommand.Type
    /// Where help and version go, and where errors go; the process's streams unless a test says otherwise.
    public var standardOutput: (String) -> Void
    public var standardError: (String) -> Void

    public init(root: any ParsableCommand.Type,
                standardOutput: @escaping (String) -> Void = { print($0, terminator: "") },
                standardError: @escaping (String) -> Void = { StandardError.write($0) }) {
        self.root = root
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Parses `arguments` (without the program name), runs the chosen command, returns the exit status.
    public func run(_ arguments: [String]) -> Int32 {
        let parser = ArgumentParser(root: root)
        do {
            switch try parser.parse(arguments) {
            case .help(let path):
                standardOutput(HelpFormatter(path: path).render())
                return 0
            case .version(let version):
                standardOutput(version + "\n")
                return 0
            case .command(let type, let parsed):
                let command = try type.init(parsed: parsed)
                try command.run()
                return 0
            }
        } catch let error as UsageError {
            let commandName = error.commandPath.joined(separator: " ")
            standardError("error: \(error)\n")
            standardError("See '\(commandName.isEmpty ? root.configuration.name : commandName) --help'.\n")
            return ExitCode.usage.rawValue
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let error as any LocatedError {
            standardError("\(error)\n")
            return ExitCode.failure.rawValue
        } catch {
            standardError("error: \(error)\n")
            return ExitCode.failure.rawValue
        }
    }
}
