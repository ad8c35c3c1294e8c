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

/// `lake doctor`: is this lake fit to run unattended? A line per check; exit status 1 with any problem.
struct DoctorCommand: ParsableCommand {
    static let maxRunAge = DefaultedOption<Double>("max-run-age", valueName: "hours", help: "A last run older than this is a problem.", default: 25)
    static let minFree = DefaultedOption<Double>("min-free-gb", valueName: "GB", help: "Less free disk than this under the lake is a problem.", default: 1)
    static let cli = Option<String>("duckdb-cli", valueName: "path", help: "The DuckDB CLI to compare with the library (default: duckdb on the PATH).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "doctor", abstract: "Check that the lake can run unattended: DuckDB and its CLI, extensions, "
                                + "the warehouse's folders and disk, raw folders and freshness, the last run. Exit status 1 on any problem.",
                             arguments: ProjectOptions.definitions + [maxRunAge.definition, minFree.definition, cli.definition])
    }

    let project: ProjectLocation
    let options: LakeDoctor.Options

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        var options = LakeDoctor.Options()
        options.maximumRunAge = try parsed.value(Self.maxRunAge) * 3600
        options.minimumFreeBytes = Int64(try parsed.value(Self.minFree) * 1e9)
        options.cli = try parsed.value(Self.cli)
        self.options = options
    }

    func run() throws {
        let findings = try LakeDoctor(projectDirectory: project.directory, options: options).examine()
        for finding in findings { print((finding.ok ? "ok       " : "PROBLEM  ") + finding.line) }
        let problems = findings.filter { !$0.ok }.count
        print(problems == 0 ? "The lake is fit to run." : "\(problems) problem\(problems == 1 ? "" : "s").")
        if problems > 0 { throw ExitCode.failure }
    }
}
