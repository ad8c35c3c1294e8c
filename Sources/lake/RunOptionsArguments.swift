import Foundation
import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// The options every command that runs or lists nodes takes, declared once.
enum RunOptionsArguments {
    static let select = MultiOption<String>("select", short: "s", valueName: "selector",
                                           help: "Nodes to include: names, +name, name+, 2+name, @name, tag:x, path:models/silver, config.materialized:table; spaces unite, commas intersect.")
    static let exclude = MultiOption<String>("exclude", valueName: "selector", help: "Nodes to leave out, in the same syntax.")
    static let threads = Option<Int>("threads", valueName: "n", help: "Nodes to run at once (default: lake.yml's threads, or the number of cores).")
    static let vars = Option<String>("vars", valueName: "yaml", help: "Variables for var(), as YAML: '{start_date: 2020-07-01}'.")
    static let fullRefresh = Flag("full-refresh", help: "Rebuild incremental models and files from scratch.")
    static let eventTimeStart = Option<EventTime>("event-time-start", valueName: "time",
                                               help: "Microbatch models build their batches from this time (UTC, e.g. 2024-01-01), not their lookback.")
    static let eventTimeEnd = Option<EventTime>("event-time-end", valueName: "time", help: "Microbatch models build their batches up to this time (UTC), not now.")
    static let failFast = Flag("fail-fast", help: "Stop at the first error.")
    static let empty = Flag("empty", help: "Build every model from no rows (each ref and source reads none), as dbt's --empty: checks the SQL and schemas quickly.")
    static let waitForLock = Option<Double>("wait-for-lock", valueName: "seconds",
                                            help: "Wait up to this long (trying again with growing pauses) for another lake process writing the lake, instead of failing.")
    static let quiet = Flag("quiet", short: "q", help: "Print only errors and the summary.")
    static let debug = Flag("debug", short: "d", help: "Print every SQL statement sent to DuckDB, with its node and time (also in target/logs/lake.log).")
    static let logFormat = DefaultedOption<RunOptions.LogFormat>("log-format", valueName: "format", help: "How to print progress.", default: .text)
    static let indirectSelection = DefaultedOption<Selector.IndirectSelection>("indirect-selection", valueName: "mode",
                                                                       help: "Which tests come with the selected nodes: eager (any parent selected), cautious (all), buildable, empty.",
                                                                       default: .eager)

    static var selection: [ArgumentDefinition] { [select.definition, exclude.definition, indirectSelection.definition] }
    static var execution: [ArgumentDefinition] {
        selection + [threads.definition, vars.definition, fullRefresh.definition, eventTimeStart.definition, eventTimeEnd.definition,
                     failFast.definition, empty.definition, waitForLock.definition, quiet.definition, debug.definition, logFormat.definition]
    }

    static func options(_ parsed: ParsedArguments, scope: RunOptions.Scope) throws -> RunOptions {
        var options = RunOptions()
        options.scope = scope
        options.select = try parsed.values(select)
        options.exclude = try parsed.values(exclude)
        options.indirectSelection = try parsed.value(indirectSelection)
        options.threads = try parsed.value(threads)
        if let count = options.threads, count < 1 {
            throw UsageError.invalidValue(String(count), option: "--threads", expected: "a whole number of at least 1", commandPath: parsed.commandPath)
        }
        options.fullRefresh = parsed.isSet(fullRefresh)
        options.eventTimeStart = try parsed.value(eventTimeStart)?.date
        options.eventTimeEnd = try parsed.value(eventTimeEnd)?.date
        options.failFast = parsed.isSet(failFast)
        options.empty = parsed.isSet(empty)
        options.waitForLock = try parsed.value(waitForLock)
        options.quiet = parsed.isSet(quiet)
        options.debug = parsed.isSet(debug)
        options.logFormat = try parsed.value(logFormat)
        if let text = try parsed.value(vars) { options.variables = try VarsArgument.parse(text) }
        options.statusLineWidth = TerminalWidth.ofStandardOutput
        options.profile = try ProjectOptions.location(parsed).profile
        return options
    }
}

extension RunOptions.LogFormat: ArgumentValue {}

/// A time as `--event-time-start` takes it: `2024-01-01`, `2024-01-01 06:00:00`, ISO 8601; UTC.
struct EventTime: ArgumentValue {
    let date: Date
    init?(argument: String) {
        guard let date = Microbatch.parseTime(argument) else { return nil }
        self.date = date
    }
    static var valueDescription: String { "a time (2024-01-01, 2024-01-01 06:00:00 or 2024-01-01T06:00:00Z)" }
}
extension Selector.IndirectSelection: ArgumentValue {}
