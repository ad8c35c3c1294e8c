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

/// `lake report`: the fleet dashboard as one HTML file.
struct ReportCommand: ParsableCommand {
    static let out = DefaultedOption<String>("out", short: "o", valueName: "file", help: "Where to write the page.", default: "data_lake/report.html")
    static let from = Option<String>("from", valueName: "date", help: "First day to include (YYYY-MM-DD).")
    static let to = Option<String>("to", valueName: "date", help: "Last day to include (YYYY-MM-DD).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "report", abstract: "Write an HTML dashboard of the fleet from the gold tables (one file, no network).",
                             arguments: ProjectOptions.definitions + [out.definition, from.definition, to.definition])
    }

    let project: ProjectLocation
    let output: String
    let from: String?
    let to: String?

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        output = project.path(try parsed.value(Self.out))
        from = try parsed.value(Self.from)
        to = try parsed.value(Self.to)
        for date in [from, to].compactMap({ $0 }) where DuckDBDate.parse(date) == nil {
            throw UsageError.invalidValue(date, option: date == from ? "--from" : "--to", expected: "a date like 2020-07-01", commandPath: parsed.commandPath)
        }
    }

    func run() throws {
        let settings = try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
        let html = try FleetReport(settings: settings, projectDirectory: project.directory, from: from, to: to).render()
        try PageFile.write(html, to: output)
        print("Wrote \(output)")
    }
}

/// `lake docs`: the project's lineage and models as one HTML file.
struct DocsCommand: ParsableCommand {
    static let out = DefaultedOption<String>("out", short: "o", valueName: "file", help: "Where to write the page.", default: "target/docs.html")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "docs", abstract: "Write a page of the project: the DAG, every model's columns, tests, SQL and last run.",
                             arguments: ProjectOptions.definitions + [out.definition])
    }

    let project: ProjectLocation
    let output: String

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        output = project.path(try parsed.value(Self.out))
    }

    func run() throws {
        var options = RunOptions()
        options.profile = project.profile
        let runner = try Runner(projectDirectory: project.directory, options: options, output: { _ in })
        let graph = try runner.listGraph()
        try PageFile.write(DocsPage(project: runner.project, graph: graph).render(), to: output)
        print("Wrote \(output)")
    }
}
