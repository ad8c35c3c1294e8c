/// Writes a command's help from its declarations, in swift-argument-parser's layout.
struct HelpFormatter {
    /// The commands from the root to the one being described.
    let path: [any ParsableCommand.Type]
    var width = 80

    func render() -> String {
        let configuration = path.last!.configuration
        let commandName = path.map { $0.configuration.name }.joined(separator: " ")
        var sections: [String] = []

        sections.append(wrap("OVERVIEW: " + configuration.abstract, indent: 0))
        if !configuration.discussion.isEmpty {
            sections.append(configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
                .map { wrap(String($0), indent: 0) }.joined(separator: "\n"))
        }

        var usage = "USAGE: " + commandName
        if !configuration.subcommands.isEmpty { usage += " <subcommand>" }
        for argument in configuration.arguments {
            let required: Bool = if case .positional(_, let required) = argument.kind { required } else { false }
            usage += " " + (required ? argument.synopsis : "[\(argument.synopsis)]")
        }
        sections.append(usage)

        let positionals = configuration.arguments.filter(\.isPositional)
        if !positionals.isEmpty { sections.append("ARGUMENTS:\n" + table(positionals.map { ($0.label, describe($0)) })) }

        var options = configuration.arguments.filter { !$0.isPositional }.map { ($0.label, describe($0)) }
        if configuration.version != nil { options.append(("--version", "Show the version.")) }
        options.append(("-h, --help", "Show help information."))
        sections.append("OPTIONS:\n" + table(options))

        if !configuration.subcommands.isEmpty {
            let rows = configuration.subcommands.map { command in
                let aliases = command.configuration.aliases
                return (command.configuration.name + (aliases.isEmpty ? "" : " (\(aliases.joined(separator: ", ")))"), command.configuration.abstract)
            }
            sections.append("SUBCOMMANDS:\n" + table(rows)
                + "\n\n  See '\(commandName) help <subcommand>' for detailed help.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    private func describe(_ argument: ArgumentDefinition) -> String {
        var text = argument.help
        if !argument.choices.isEmpty { text += " (values: \(argument.choices.joined(separator: ", ")))" }
        if let defaultDescription = argument.defaultDescription { text += " (default: \(defaultDescription))" }
        return text
    }

    /// Two columns: labels padded to a common width, descriptions wrapped beside them.
    private func table(_ rows: [(String, String)]) -> String {
        let labelWidth = min(28, rows.map(\.0.count).max() ?? 0)
        return rows.map { label, text in
            let indent = 2 + labelWidth + 2
            let wrapped = wrap(text, indent: indent)
            let body = String(wrapped.dropFirst(indent))
            if label.count > labelWidth {
                return "  " + label + "\n" + wrapped
            }
            return "  " + label.padding(toLength: labelWidth) + "  " + body
        }.joined(separator: "\n")
    }

    /// Wraps `text` at word boundaries to `width`, every line indented by `indent` spaces.
    private func wrap(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && indent + line.count + 1 + word.count > width {
                lines.append(pad + line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(pad + line)
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
