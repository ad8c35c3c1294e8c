/// What a command declares about itself; parsing, help and suggestions are all derived from it.
public struct CommandConfiguration {
    public var name: String
    /// One line, shown in the parent's list of subcommands and atop the help.
    public var abstract: String
    /// Paragraphs after the overview.
    public var discussion: String
    /// Set on the root command to offer `--version`.
    public var version: String?
    public var arguments: [ArgumentDefinition]
    public var subcommands: [any ParsableCommand.Type]
    /// Other names the command answers to (dbt's `build` for `run`, `list` for `ls`).
    public var aliases: [String]

    public init(name: String, abstract: String, discussion: String = "", version: String? = nil,
                arguments: [ArgumentDefinition] = [], subcommands: [any ParsableCommand.Type] = [], aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.arguments = arguments
        self.subcommands = subcommands
    }
}
