import Foundation
import Testing
import LakeDuckDB
import LakeIngest
import LakeProject
import LakeRunner
@testable import LakeLakehouse

/// A raw file is its content: copies and renames add nothing, a rewrite replaces its rows however
/// quickly it comes, a file that leaves the landing folder keeps its rows until forgotten, and
/// the trace's own archives load like its CSVs.
@Suite struct ContentIdentityTests {
    @Test func aCopyOrARenameAddsNothing() throws {
        let project = try LakehouseProject()
        try project.run()
        let gpuRows = try project.count("SELECT count(*) FROM silver_gpu_timeseries")
        let jobs = try project.count("SELECT count(*) FROM bronze_job_events")
        try FileManager.default.createDirectory(atPath: project.path("data_raw/pai_machine_metric/2020"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: project.path("data_raw/pai_machine_metric.csv"), toPath: project.path("data_raw/pai_machine_metric/2020/copy.csv"))
        try FileManager.default.createDirectory(atPath: project.path("data_raw/pai_job_table"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: project.path("data_raw/pai_job_table.csv"), toPath: project.path("data_raw/pai_job_table/renamed.csv"))
        try FileManager.default.copyItem(atPath: project.path("data_raw/pai_job_table/renamed.csv"), toPath: project.path("data_raw/pai_job_table/renamed_too.csv"))
        // Older than the two seconds after which lake trusts a file's `stat`, so the next runs do not read them again.
        Thread.sleep(forTimeInterval: 2.2)

        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(try project.count("SELECT count(*) FROM silver_gpu_timeseries") == gpuRows)
        #expect(try project.count("SELECT count(*) FROM bronze_job_events") == jobs)
        #expect(output.contains("data_raw/pai_machine_metric/2020/copy.csv: same content as data_raw/pai_machine_metric.csv (not loaded again)"))
        #expect(output.contains("data_raw/pai_job_table/renamed.csv: same content as data_raw/pai_job_table.csv (not loaded again)"))
        #expect(output.contains("data_raw/pai_job_table.csv: gone from its landing folder; its rows stay in bronze"))
        let log = try project.query("SELECT status, same_as, rows_loaded FROM bronze_ingested_files WHERE file = 'data_raw/pai_job_table/renamed.csv'").rows
        #expect(log == [["duplicate", "data_raw/pai_job_table.csv", .integer(0)]])

        // The original retracted on purpose: its rows go, and the renamed copy's content comes back under its new name.
        var options = RunOptions()
        options.threads = 2
        // Named as a shell completes it: from the project's folder, or absolute.
        options.forget = [project.root + "/./data_raw/pai_job_table.csv"]
        nonisolated(unsafe) var printed = ""
        let forgotten = try RawIngestRun.run(projectDirectory: project.root, options: options) { printed += $0 }
        #expect(forgotten.exitCode == 0, "\(printed)")
        #expect(printed.contains("data_raw/pai_job_table.csv: forgotten"))
        #expect(try project.count("SELECT count(*) FROM bronze_job_events") == jobs)
        #expect(try project.count("SELECT count(*) FROM bronze_job_events WHERE _source_file = 'data_raw/pai_job_table/renamed.csv'") == jobs)
        #expect(try project.count("SELECT count(*) FROM bronze_ingested_files WHERE file = 'data_raw/pai_job_table.csv'") == 0)
        // The other copy, unchanged on disk, now names the file that holds its content.
        #expect(try project.query("SELECT status, same_as FROM bronze_ingested_files WHERE file = 'data_raw/pai_job_table/renamed_too.csv'").rows
                == [["duplicate", "data_raw/pai_job_table/renamed.csv"]])

        // Forgetting what the log does not hold, or a file still there, is an error that says so.
        options.forget = ["data_raw/pai_job_table/never.csv"]
        #expect { try RawIngestRun.run(projectDirectory: project.root, options: options) { _ in } } throws: { error in
            "\(error)" == "nothing forgotten for data_raw/pai_job_table/never.csv: the ingestion log has no such file "
                + "(no file has left its landing folder)"
        }
        #expect(RawIngestRun.logName(of: "./data_raw/x.csv", root: project.root) == "data_raw/x.csv")
        options.forget = ["data_raw/pai_job_table/renamed.csv"]
        let refused = try RawIngestRun.run(projectDirectory: project.root, options: options) { _ in }
        #expect(refused.result(for: "bronze_job_events")?.message.contains("is still in data_raw/pai_job_table: remove it first") == true)
    }

    /// Same size, same second — even the same modification time set back: the new content replaces the old rows.
    @Test func aQuickSameSizeRewriteReplacesTheRows() throws {
        let project = try LakehouseProject(withSample: false)
        try project.generate(scale: 0.0005, days: 7)
        let bronze: (inout RunOptions) -> Void = { $0.select = ["tag:bronze"] }
        let path = project.path("data_raw/pai_job_table.csv")
        var modified = stat()
        stat(path, &modified)
        try project.run(bronze)
        let lines = try project.lines("pai_job_table.csv")
        let rewritten = lines.map { $0.replacingOccurrences(of: ",Terminated,", with: ",Terminatex,") }
        #expect(rewritten != lines)
        try project.writeRaw("pai_job_table.csv", rewritten)
        var times = [modified.st_atim, modified.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let (_, output) = try project.run(bronze)
        // Its row of the ingestion table: no new file, one replaced.
        let row = output.split(separator: "\n").first { $0.hasPrefix("  pai_job_table ") }?.split(separator: " ").map(String.init)
        #expect(row?.dropFirst().prefix(2) == ["0", "1"], "\(output)")
        #expect(try project.count("SELECT count(*) FROM bronze_job_events WHERE status = 'Terminated'") == 0)
        #expect(try project.count("SELECT count(*) FROM bronze_job_events WHERE status = 'Terminatex'") == rewritten.filter { $0.contains(",Terminatex,") }.count)
        #expect(try project.count("SELECT count(*) FROM bronze_job_events") == lines.count)
    }

    /// The trace as Alibaba publishes it: tar.gz archives (and gzip) load the same rows as the CSVs.
    @Test func thePublishedArchivesLoadLikeTheirCSVs() throws {
        let project = try LakehouseProject()
        let tasks = try project.lines("pai_task_table.csv").count, jobs = try project.lines("pai_job_table.csv").count
        try MalformedInputTests.run("/bin/tar", ["-czf", project.path("data_raw/pai_job_table.tar.gz"), "-C", project.path("data_raw"), "pai_job_table.csv"])
        try MalformedInputTests.run("/bin/sh", ["-c", "gzip '\(project.path("data_raw/pai_task_table.csv"))'"])
        try FileManager.default.removeItem(atPath: project.path("data_raw/pai_job_table.csv"))
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(try project.count("SELECT count(*) FROM bronze_job_events WHERE _source_file = 'data_raw/pai_job_table.tar.gz!pai_job_table.csv'") == jobs)
        #expect(try project.count("SELECT count(*) FROM bronze_task_table WHERE _source_file = 'data_raw/pai_task_table.csv.gz'") == tasks)
        let second = try project.run().output
        #expect(second.contains("Ingestion: no new raw files (7 unchanged"), "\(second)")
    }

    /// A file lake cannot read beside good ones: the rest loads, the run goes on, and the reject
    /// share decides the exit status.
    @Test func aQuarantinedFileDoesNotStopTheLake() throws {
        let project = try LakehouseProject(folderName: "it's a lake")
        try FileManager.default.createDirectory(atPath: project.path("data_raw/pai_job_table"), withIntermediateDirectories: true)
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03]).write(to: URL(fileURLWithPath: project.path("data_raw/pai_job_table/broken.csv.gz")))
        // Files no table reads are said too: a misspelt folder, a month's file beside its table's.
        try project.writeRaw("pai_jobs_table/2020-07.csv", ["x"])
        try project.writeRaw("pai_job_table_2020-07.csv", ["x"])
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(output.contains("data_raw/pai_job_table/broken.csv.gz: quarantined: "), "\(output)")
        #expect(output.contains("  data_raw/pai_jobs_table/ (1 data file): not ingested: no raw table is named pai_jobs_table; "
                                + "to load it as pai_job_table, move its files into data_raw/pai_job_table/\n"), "\(output)")
        #expect(output.contains("  data_raw/pai_job_table_2020-07.csv: not ingested: no raw table is named pai_job_table_2020-07; "
                                + "to load it as pai_job_table, move it into data_raw/pai_job_table/\n"), "\(output)")
        #expect(try project.count("SELECT count(*) FROM bronze_rejects WHERE file = 'data_raw/pai_job_table/broken.csv.gz' AND error_type = 'QUARANTINED'") == 1)
        #expect(try project.count("SELECT count(*) FROM gold_cluster_util_daily_scored") == 60)

        // Too many lines that are not the table's: the reject share fails the run, and says so last.
        let garbage = (0..<200).map { "\($0),only,three" }
        try project.writeRaw("pai_job_table/other_table.csv", garbage)
        let (failed, failure) = try project.run()
        #expect(failed.exitCode == 1)
        #expect(failed.result(for: "assert_rejects_within_fraction")?.status == .fail)
        #expect(failure.hasSuffix("  FAIL  assert_rejects_within_fraction: Got 1 result, configured to fail if != 0\n"), "\(failure)")
        #expect(try project.count("SELECT rows_rejected FROM bronze_ingested_files WHERE file = 'data_raw/pai_job_table/other_table.csv'") == 200)
    }

    /// Listing and compiling read no data: a file DuckDB cannot even decode stops none of them.
    @Test func commandsThatOnlyCompileNeverReadRawData() throws {
        let project = try LakehouseProject()
        try FileManager.default.createDirectory(atPath: project.path("data_raw/pai_job_table"), withIntermediateDirectories: true)
        try Data([0x66, 0xE9, 0x0A, 0xFF, 0xFE, 0x00, 0x0A]).write(to: URL(fileURLWithPath: project.path("data_raw/pai_job_table/latin1.csv")))
        try Data([0x0A]).write(to: URL(fileURLWithPath: project.path("data_raw/pai_job_table/newline.csv")))
        let runner = try Runner(projectDirectory: project.root, options: RunOptions())
        #expect(try runner.list().count > 70)
        #expect(try runner.compile().contains { $0.node.name == "bronze_job_events" && $0.sql.contains("getvariable('lake_raw_paths')") })
        let (summary, output) = try project.run { $0.select = ["+bronze_job_events"] }
        #expect(summary.result(for: "bronze_job_events")?.status == .success, "\(output)")
    }
}
