import Testing
@testable import LakeCommandLine

// `lastBuild` is shared, so these run one at a time.
@Suite(.serialized) struct ArgumentParserTests {
    @Test func optionsInEverySpelling() throws {
        for arguments in [["build", "--threads", "8"], ["build", "--threads=8"], ["build", "-t", "8"], ["build", "-t8"]] {
            lastBuild = nil
            #expect(CommandLineTool(root: Root.self, standardOutput: { _ in }, standardError: { _ in }).run(arguments) == 0)
            #expect(lastBuild?.threads == 8, "\(arguments)")
        }
    }

    @Test func defaultsApplyWhenAnOptionIsAbsent() {
        #expect(runTool("build").status == 0)
        #expect(lastBuild?.threads == 4)
        #expect(lastBuild?.selection == [])
        #expect(lastBuild?.quiet == false)
        #expect(lastBuild?.target == nil)
    }

    /// A default is declared once, typed: help shows it as a user would type it, and it is what the command gets.
    @Test func aDefaultIsShownAsTypedAndIsTheValueGiven() throws {
        let rate = DefaultedOption<Double>("rate", help: "Rate.", default: 25)
        let fraction = DefaultedOption<Double>("fraction", help: "Fraction.", default: 0.05)
        let color = DefaultedOption<Color>("color", help: "Colour.", default: .green)
        #expect(rate.definition.defaultDescription == "25")
        #expect(fraction.definition.defaultDescription == "0.05")
        #expect(color.definition.defaultDescription == "green")
        #expect(color.definition.choices == ["red", "green"])
        let parsed = ParsedArguments(commandPath: ["tool"])
        #expect(try parsed.value(rate) == 25)
        #expect(try parsed.value(color) == .green)
        #expect(try parsed.value(Paint.color) == nil)
    }

    @Test func repeatingOptionsTakeSeveralValuesAndRepeat() {
        #expect(runTool("build", "--select", "a", "b+", "-s", "+c", "--quiet", "--select=d").status == 0)
        #expect(lastBuild?.selection == ["a", "b+", "+c", "d"])
        #expect(lastBuild?.quiet == true)
    }

    @Test func bundledShortFlagsAndPositionals() {
        #expect(runTool("build", "-qv", "out").status == 0)
        #expect(lastBuild?.quiet == true)
        #expect(lastBuild?.verbose == true)
        #expect(lastBuild?.target == "out")
        #expect(runTool("build", "--", "--not-an-option").status == 0)
        #expect(lastBuild?.target == "--not-an-option")
        #expect(runTool("build", "-t", "-3").status == 0)
        #expect(lastBuild?.threads == -3)
    }

    @Test func nestedSubcommands() {
        #expect(runTool("group", "build", "-t", "2").status == 0)
        #expect(lastBuild?.threads == 2)
    }

    @Test func aCommandAnswersToItsAliasesAndHelpShowsThem() {
        #expect(runTool("group", "make", "-t", "3").status == 0)
        #expect(lastBuild?.threads == 3)
        #expect(runTool("group", "--help").output.contains("build (make)"))
        #expect(runTool("group", "mkae").error.contains("Did you mean 'make'?"))
    }

    @Test func unknownCommandsAndOptionsSuggestTheClosest() {
        let command = runTool("biuld")
        #expect(command.status == 2)
        #expect(command.error.contains("error: unknown command 'biuld'. Did you mean 'build'?"))
        let option = runTool("build", "--thraeds", "2")
        #expect(option.status == 2)
        #expect(option.error.contains("unknown option '--thraeds'. Did you mean '--threads'?"))
        #expect(option.error.contains("See 'tool build --help'."))
        let prefix = runTool("build", "--sel", "x")
        #expect(prefix.error.contains("Did you mean '--select'?"))
        let far = runTool("zzzzzzzz")
        #expect(far.status == 2)
        #expect(!far.error.contains("Did you mean"))
        #expect(runTool("build", "-x").error.contains("unknown option '-x'"))
    }

    @Test func valuesAreCheckedAgainstTheirType() {
        let integer = runTool("build", "--threads", "many")
        #expect(integer.status == 2)
        #expect(integer.error.contains("invalid value 'many' for '--threads': expected an integer"))
        let choice = runTool("paint", "--color", "blue", "f")
        #expect(choice.status == 2)
        #expect(choice.error.contains("expected one of red, green"))
        #expect(runTool("build", "--threads").error.contains("missing value for '--threads'"))
        #expect(runTool("build", "--quiet=yes").error.contains("'--quiet' takes no value"))
        #expect(runTool("build", "a", "b").error.contains("unexpected argument 'b'"))
        let missing = runTool("paint")
        #expect(missing.status == 2)
        #expect(missing.error.contains("missing argument <file>"))
    }

    @Test func helpAndVersion() {
        let root = runTool("--help")
        #expect(root.status == 0)
        #expect(root.output.hasPrefix("OVERVIEW: A tool.\n\nUSAGE: tool <subcommand>\n"))
        #expect(root.output.contains("  build (make)  Builds things.\n  paint         Paints files.\n"))
        #expect(root.output.contains("See 'tool help <subcommand>' for detailed help."))
        #expect(runTool().output == root.output)

        let build = runTool("build", "--help")
        #expect(build.output.contains(
            "USAGE: tool build [--threads <n>] [--select <selector> ...] [--quiet] [--verbose] [<target>]"))
        #expect(build.output.contains("  -t, --threads <n>            Worker threads. (default: 4)\n  -s, --select <selector> ...  What to build.\n"))
        #expect(runTool("help", "build").output == build.output)
        #expect(runTool("group", "build", "-h").output.contains("USAGE: tool group build"))
        #expect(runTool("group", "help", "build").output == runTool("group", "build", "--help").output)
        #expect(runTool("group", "--help").output.contains("See 'tool group help <subcommand>' for detailed help."))
        #expect(runTool("paint", "--help").output.contains("(values: red, green)"))

        let version = runTool("--version")
        #expect(version.status == 0)
        #expect(version.output == "tool 1.2.3\n")
        #expect(runTool("build", "--version").status == 2)
    }

    @Test func failuresMapToExitCodes() {
        #expect(runTool("paint", "fail").status == 7)
        let error = runTool("paint", "error")
        #expect(error.status == 1)
        #expect(error.error == "error: it broke\n")
        // A diagnostic that already says where and "error:" is printed as it is, not as "error: x.yml:3:5: error: …".
        let located = runTool("paint", "located")
        #expect(located.status == 1)
        #expect(located.error == "paint.yml:3:5: error: no such colour\n 3 | c: mauve\n   |    ^\n")
    }

    @Test func suggestionDistances() {
        #expect(Suggestion.distance("run", "run") == 0)
        #expect(Suggestion.distance("rnu", "run") == 1)
        #expect(Suggestion.distance("", "abc") == 3)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.closest(to: "tst", among: ["test", "run", "seed"]) == "test")
        #expect(Suggestion.closest(to: "xyz", among: ["test", "run", "seed"]) == nil)
    }
}
