import Foundation
import Testing
import LakeDuckDB
@testable import LakeLakehouse

@Suite struct IngestionTests {
    /// Corrupt lines in two raw files: each is rejected by file and line, the accounting balances,
    /// and every good row arrives.
    @Test func corruptLinesAreQuarantinedAndNoGoodRowIsLost() throws {
        let project = try LakehouseProject(withSample: false)
        try project.generate(scale: 0.0005, days: 14)
        var jobs = try project.lines("pai_job_table.csv")
        var metrics = try project.lines("pai_machine_metric.csv")
        let goodJobs = jobs.count, goodMetrics = metrics.count
        // Job table: a missing field (line 3), a time that is not a number (line 10). Metrics: broken
        // quoting (line 5), one field too many (line 20), and a line cut short at the end.
        jobs.insert("0123456789abcdef01234567,deadbeef,a1b2c3d4e5f6,Terminated,100.0", at: 2)
        jobs.insert("0123456789abcdef01234568,deadbeef,a1b2c3d4e5f6,Terminated,soon,200.0", at: 9)
        metrics.insert("\"broken,quote,345600.0,345700.0,1,2,3,4,5,6,7,8", at: 4)
        metrics.insert(metrics[0] + ",surplus", at: 19)
        metrics.append("cut,short")
        try project.writeRaw("pai_job_table.csv", jobs)
        try project.writeRaw("pai_machine_metric.csv", metrics)

        let (summary, output) = try project.run()
        #expect(output.contains("MISMATCH") == false, "\(output)")
        let rejects = try project.query("SELECT raw_table, file, line, error_type FROM bronze_rejects ORDER BY raw_table, line")
        #expect(rejects.rows.map { $0.map(\.description).joined(separator: " ") } == [
            "pai_job_table data_raw/pai_job_table.csv 3 MISSING COLUMNS",
            "pai_job_table data_raw/pai_job_table.csv 10 CAST",
            "pai_machine_metric data_raw/pai_machine_metric.csv 5 BROKEN QUOTING",
            "pai_machine_metric data_raw/pai_machine_metric.csv 20 TOO MANY COLUMNS",
            "pai_machine_metric data_raw/pai_machine_metric.csv \(goodMetrics + 3) MISSING COLUMNS",
        ])
        let accounting = try project.query("""
            SELECT raw_table, lines_read, rows_loaded, rows_rejected FROM bronze_ingested_files
            WHERE raw_table IN ('pai_job_table', 'pai_machine_metric') ORDER BY 1
            """)
        #expect(accounting.rows == [
            ["pai_job_table", .integer(Int64(goodJobs + 2)), .integer(Int64(goodJobs)), .integer(2)],
            ["pai_machine_metric", .integer(Int64(goodMetrics + 3)), .integer(Int64(goodMetrics)), .integer(3)],
        ])
        // Every good line's row is in bronze, and nothing else.
        let original = Set(try project.lines("pai_job_table.csv").filter { !$0.contains("deadbeef") }.map { String($0.prefix(24)) })
        let loaded = try project.query("SELECT job_name FROM bronze_job_events").columns[0].decode(String.self)
        let arrived = Set(loaded.compactMap { $0 })
        #expect(arrived.subtracting(original).isEmpty && original.subtracting(arrived).isEmpty,
                "\(original.subtracting(arrived).count) good rows missing, \(arrived.subtracting(original).count) unexpected")
        #expect(loaded.count == goodJobs)
        // The rejects stay under the configured share, so the bronze test passes; the printout says so.
        #expect(summary.result(for: "assert_rejects_within_fraction")?.status == .pass)
        #expect(output.contains("Rejected lines, with file, line and reason: SELECT * FROM bronze_rejects"))

        // Above the threshold, the bronze test fails.
        try project.writeRaw("pai_job_table.csv", jobs + Array(repeating: "x,y", count: goodJobs / 10))
        let strict = try project.run().summary
        #expect(strict.result(for: "assert_rejects_within_fraction")?.status == .fail)
    }

    /// Hourly drops into a table's folder: an incremental run appends exactly the new file's rows,
    /// and a re-run adds nothing.
    @Test func anHourlyDropAppendsItsRowsOnce() throws {
        let project = try LakehouseProject(withSample: false)
        try project.generate(scale: 0.0005, days: 14)
        let metrics = try project.lines("pai_machine_metric.csv")
        try FileManager.default.removeItem(atPath: project.path("data_raw/pai_machine_metric.csv"))
        let firstHour = Array(metrics.prefix(metrics.count / 2)), secondHour = Array(metrics.dropFirst(metrics.count / 2))
        try project.writeRaw("pai_machine_metric/2020-07-01T00.csv", firstHour)
        try project.run()
        #expect(try project.count("SELECT count(*) FROM bronze_machine_metrics") == firstHour.count)

        try project.writeRaw("pai_machine_metric/2020-07-01T01.csv", secondHour)
        let (second, output) = try project.run()
        #expect(second.result(for: "bronze_machine_metrics")?.rows == secondHour.count)
        #expect(output.contains("pai_machine_metric"))
        #expect(try project.count("SELECT count(*) FROM bronze_machine_metrics") == metrics.count)
        #expect(try project.count("SELECT count(DISTINCT _source_file) FROM bronze_machine_metrics") == 2)

        let third = try project.run()
        #expect(third.summary.result(for: "bronze_machine_metrics")?.rows == 0)
        #expect(third.output.contains("Ingestion: no new raw files"))
        #expect(try project.count("SELECT count(*) FROM bronze_machine_metrics") == metrics.count)
        #expect(try project.count("SELECT count(*) FROM silver_gpu_timeseries") == metrics.count - metrics.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[3].isEmpty }.count)

        // --full-refresh ingests everything again, once.
        let refreshed = try project.run { $0.fullRefresh = true }.summary
        #expect(refreshed.result(for: "bronze_machine_metrics")?.rows == metrics.count)
        #expect(try project.count("SELECT count(*) FROM bronze_machine_metrics") == metrics.count)
    }

    /// A mirror with a header row loads the same rows as the original without one.
    @Test func aHeaderRowIsDetectedAndSkipped() throws {
        let project = try LakehouseProject(withSample: false)
        try project.generate(scale: 0.0005, days: 7)
        let jobs = try project.lines("pai_job_table.csv")
        try project.writeRaw("pai_job_table.csv", ["job_name,inst_id,user,status,start_time,end_time"] + jobs)
        let (summary, _) = try project.run()
        #expect(summary.exitCode == 0)
        #expect(try project.count("SELECT count(*) FROM bronze_job_events") == jobs.count)
        #expect(try project.count("SELECT count(*) FROM bronze_rejects") == 0)
        #expect(try project.count("SELECT lines_read FROM bronze_ingested_files WHERE raw_table = 'pai_job_table'") == jobs.count)
    }
}
