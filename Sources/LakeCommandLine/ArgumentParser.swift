/// Turns the words after the program name into a command type and its parsed arguments.
///
/// Rules: subcommand names come first; then `--name value`, `--name=value`, `-s value`, bundled short
/// flags (`-qv`), positionals in order; `--` ends the options. `-h`/`--help` anywhere asks for help.
struct ArgumentParser {
    enum Outcome {
        case command(any ParsableCommand.Type, ParsedArguments)
        case help(path: [any ParsableCommand.Type])
        case version(String)
    }

    let root: any ParsableCommand.Type

    func parse(_ words: [String]) throws -> Outcome {
        var path: [any ParsableCommand.Type] = [root]
        var index = 0
        // Descend through subcommand names; `help X Y` is the same as `X Y --help`.
        var wantsHelp = false
        while index < words.count {
            let word = words[index]
            let current = path.last!.configuration
            if current.subcommands.isEmpty || word.hasPrefix("-") { break }
            if word == "help" && !wantsHelp { wantsHelp = true; index += 1; continue }
            guard let next = current.subcommands.first(where: { $0.configuration.name == word || $0.configuration.aliases.contains(word) }) else {
                throw UsageError.unknownCommand(word, commandPath: path.map { $0.configuration.name },
                    suggestion: Suggestion.closest(to: word, among: current.subcommands.flatMap { [$0.configuration.name] + $0.configuration.aliases }))
            }
            path.append(next)
            index += 1
        }
        if wantsHelp { return .help(path: path) }

        var state = OptionScanner(configuration: path.last!.configuration, words: Array(words[index...]),
                                  commandPath: path.map { $0.configuration.name })
        switch try state.scan() {
        case .help: return .help(path: path)
        case .version(let version): return .version(version)
        case .done:
            if !path.last!.configuration.subcommands.isEmpty { return .help(path: path) }
            return .command(path.last!, state.parsed)
        }
    }

    /// `-x` and `--x` are options; `-` alone, negative numbers and words with a space or line
    /// break in them (SQL that starts with a `--` comment) are values: no option name has one.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        let name = word.prefix { $0 != "=" }
        return Double(word) == nil && !name.contains(where: \.isWhitespace)
    }
}

/// Walks one command's words, filling `parsed`.
private struct OptionScanner {
    enum Result { case done, help, version(String) }

    let configuration: CommandConfiguration
    let words: [String]
    var parsed: ParsedArguments
    private var index = 0
    private var positionalIndex = 0
    private let positionals: [ArgumentDefinition]

    init(configuration: CommandConfiguration, words: [String], commandPath: [String]) {
        self.configuration = configuration
        self.words = words
        parsed = ParsedArguments(commandPath: commandPath)
        positionals = configuration.arguments.filter(\.isPositional)
    }

    mutating func scan() throws -> Result {
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            if onlyPositionals || !ArgumentParser.looksLikeOption(word) {
                try takePositional(word)
            } else if word == "--" {
                onlyPositionals = true
            } else if word == "--help" || word == "-h" {
                return .help
            } else if word == "--version", let version = configuration.version {
                return .version(version)
            } else if word.hasPrefix("--") {
                try takeLong(word)
            } else {
                try takeShort(word)
            }
            index += 1
        }
        for positional in positionals {
            if case .positional(_, let required) = positional.kind, required, parsed.values[positional.name] == nil {
                throw UsageError.missingArgument(positional.name, commandPath: parsed.commandPath)
            }
        }
        return .done
    }

    private mutating func takePositional(_ word: String) throws {
        guard positionalIndex < positionals.count else {
            throw UsageError.unexpectedArgument(word, commandPath: parsed.commandPath)
        }
        let positional = positionals[positionalIndex]
        parsed.values[positional.name, default: []].append(word)
        if case .positional(let repeating, _) = positional.kind, !repeating { positionalIndex += 1 }
    }

    /// `--name`, `--name value`, `--name=value`.
    private mutating func takeLong(_ word: String) throws {
        let body = word.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
        guard let option = configuration.arguments.first(where: { !$0.isPositional && $0.name == name }) else {
            throw unknownOption("--" + name)
        }
        if option.kind == .flag {
            if inline != nil { throw UsageError.flagTakesNoValue("--" + name, commandPath: parsed.commandPath) }
            parsed.flags.insert(option.name)
        } else {
            try takeValues(for: option, spelled: "--" + name, inline: inline)
        }
    }

    /// One or more short names: `-q`, `-qv`, `-t 4`, `-t4`.
    private mutating func takeShort(_ word: String) throws {
        let letters = Array(word.dropFirst())
        for (offset, letter) in letters.enumerated() {
            guard let option = configuration.arguments.first(where: { $0.short == letter }) else {
                throw unknownOption("-" + String(letter))
            }
            if option.kind == .flag { parsed.flags.insert(option.name); continue }
            let rest = String(letters[(offset + 1)...])
            try takeValues(for: option, spelled: "-" + String(letter), inline: rest.isEmpty ? nil : rest)
            return
        }
    }

    /// The value(s) of the option at `index`; a repeating option takes words up to the next option.
    private mutating func takeValues(for option: ArgumentDefinition, spelled: String, inline: String?) throws {
        guard case .option(_, let repeating) = option.kind else { return }
        var taken: [String] = inline.map { [$0] } ?? []
        while index + 1 < words.count, !ArgumentParser.looksLikeOption(words[index + 1]),
              taken.isEmpty || (repeating && inline == nil) {
            index += 1
            taken.append(words[index])
        }
        guard !taken.isEmpty else { throw UsageError.missingValue(option: spelled, commandPath: parsed.commandPath) }
        if repeating { parsed.values[option.name, default: []] += taken } else { parsed.values[option.name] = taken }
    }

    private func unknownOption(_ word: String) -> UsageError {
        var known = configuration.arguments.filter { !$0.isPositional }.map { "--" + $0.name } + ["--help"]
        if configuration.version != nil { known.append("--version") }
        return .unknownOption(word, commandPath: parsed.commandPath, suggestion: Suggestion.closest(to: word, among: known))
    }
}
