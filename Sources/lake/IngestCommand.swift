import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake ingest`: the bronze models only — read what landed in data_raw/ — and `--forget` to retract
/// a file that left it.
struct IngestCommand: ParsableCommand {
    static let forget = MultiOption<String>("forget", valueName: "file",
                                           help: "Retract a raw file's rows, rejects and log entry (a file no longer in data_raw/, named as the ingestion log names it).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "ingest", abstract: "Read new raw files into bronze: only the models that read data_raw/, and their tests.",
                             discussion: "A file that left data_raw/ keeps its rows (bronze is the durable copy) until --forget retracts them. "
                                + "Exit status 1 if anything failed.",
                             arguments: ProjectOptions.definitions + [forget.definition, RunOptionsArguments.threads.definition,
                                                                      RunOptionsArguments.fullRefresh.definition, RunOptionsArguments.quiet.definition,
                                                                      RunOptionsArguments.logFormat.definition])
    }

    let project: ProjectLocation
    let options: RunOptions

    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        var options = try RunOptionsArguments.options(parsed, scope: .everything)
        options.forget = try parsed.values(Self.forget)
        self.options = options
    }

    func run() throws {
        RunInterruption.shared.install()
        let summary = try RawIngestRun.run(projectDirectory: project.directory, options: options)
        if summary.failed { throw ExitCode(summary.exitCode) }
    }
}
