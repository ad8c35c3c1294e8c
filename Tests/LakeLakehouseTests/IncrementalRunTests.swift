import Foundation
import Testing
import LakeDuckDB
@testable import LakeLakehouse
import LakeRunner

/// The shipped project's silver and gold models are incremental: a run recomputes only what the
/// new raw files touched. Whatever the order of drops, the lake must equal a full refresh of the
/// same files.
@Suite struct IncrementalRunTests {
    /// The tables a full refresh and the incremental path must agree on.
    static let tables = ["silver_jobs", "silver_instances", "silver_sensors", "silver_tasks", "silver_machines", "silver_gpu_timeseries",
                         "silver_users", "gold_job_usage", "gold_cluster_util_daily", "gold_gpu_usage_hourly", "gold_node_usage",
                         "gold_billing", "gold_job_efficiency", "gold_user_gpu_usage_daily", "gold_machine_day", "gold_budget_status"]

    /// A generated trace as hourly drops: table → hour folder → its files.
    final class Drops {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-drops-\(UUID().uuidString)").path
        init() throws {
            var settings = TraceGenerator.Settings(output: root, machineSpec: LakehouseProject.repository + "/data_raw/pai_machine_spec.csv")
            settings.scale = 0.002
            settings.days = 7
            settings.seed = 11
            settings.hourly = true
            _ = try TraceGenerator(settings: settings).run()
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        var hours: [String] {
            let folders = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
            return Array(Set(folders.compactMap { $0.split(separator: "/").dropFirst().first.map(String.init) }.filter { $0.hasPrefix("hour=") })).sorted()
        }

        /// Copies every table's files of `hours` into the project's data_raw/.
        func land(_ hours: some Sequence<String>, in project: LakehouseProject) throws {
            let manager = FileManager.default
            for table in try manager.contentsOfDirectory(atPath: root) where table.hasPrefix("pai_") {
                for hour in hours where manager.fileExists(atPath: "\(root)/\(table)/\(hour)") {
                    let target = project.path("data_raw/\(table)/\(hour)")
                    try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                    for file in try manager.contentsOfDirectory(atPath: "\(root)/\(table)/\(hour)") {
                        try manager.copyItem(atPath: "\(root)/\(table)/\(hour)/\(file)", toPath: "\(target)/\(file)")
                    }
                }
            }
        }
    }

    /// A table's rows as text, in order.
    static func rows(_ table: String, of project: LakehouseProject) throws -> [[String?]] {
        let result = try project.query("SELECT COLUMNS(*)::VARCHAR FROM \(table) ORDER BY ALL")
        let columns = try result.columns.map { try $0.decode(String.self) }
        return (0..<result.rowCount).map { row in columns.map { $0[row] } }
    }

    /// Equal cells, numbers within a relative 1e-9: sums over the same rows may add them in another order.
    static func same(_ a: [String?], _ b: [String?]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            if x == y { return true }
            guard let x = x.flatMap(Double.init), let y = y.flatMap(Double.init) else { return false }
            return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
        }
    }

    /// Every table equals a full refresh's of the same raw files, built in a project of its own.
    static func expectSameAsFullRefresh(_ project: LakehouseProject, _ moment: String) throws {
        let full = try LakehouseProject(withSample: false)
        try FileManager.default.removeItem(atPath: full.path("data_raw"))
        try FileManager.default.copyItem(atPath: project.path("data_raw"), toPath: full.path("data_raw"))
        let (summary, output) = try full.run()
        #expect(summary.exitCode == 0, "\(output)")
        for table in tables {
            let incremental = try rows(table, of: project), refreshed = try rows(table, of: full)
            let differing = zip(incremental, refreshed).filter { !same($0, $1) }
            #expect(incremental.count == refreshed.count && differing.isEmpty,
                    "\(moment): \(table) has \(incremental.count) rows, a full refresh \(refreshed.count); first differing: \(differing.prefix(1))")
        }
    }

    @Test func hourlyDropsBuildWhatAFullRefreshBuilds() throws {
        let drops = try Drops()
        let hours = drops.hours
        #expect(hours.count > 100)
        let project = try LakehouseProject(withSample: false)
        // Three and a half days at once, then hour by hour.
        try drops.land(hours.prefix(84), in: project)
        var (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        for hour in hours[84..<87] {
            try drops.land([hour], in: project)
            (summary, output) = try project.run()
            #expect(summary.exitCode == 0, "\(output)")
            #expect(!output.contains("recomputed from every row"), "\(output)")
            // An hour touches a few instances, not all of them.
            let rebuilt = try #require(summary.result(for: "silver_instances")?.rows)
            let total = try project.count("SELECT count(*) FROM silver_instances")
            #expect(rebuilt > 0 && rebuilt * 10 < total, "\(hour): \(rebuilt) of \(total) rows")
        }
        try Self.expectSameAsFullRefresh(project, "after hourly drops")

        // A collector re-sends an earlier hour, corrected: a job that ended has failed instead, and a
        // machine sample is gone. Their old rows leave bronze, and every model follows.
        func resend(_ table: String, _ correct: ([Substring]) -> [Substring]) throws {
            let folder = project.path("data_raw/\(table)/\(hours[85])")
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).sorted().first)
            let lines = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8).split(separator: "\n")
            let corrected = correct(lines)
            #expect(corrected != lines, "\(table): nothing to correct in \(file)")
            try (corrected.joined(separator: "\n") + "\n").write(toFile: "\(folder)/\(file)", atomically: true, encoding: .utf8)
        }
        try resend("pai_job_table") { lines in
            guard let ended = lines.firstIndex(where: { $0.contains(",Terminated,") }) else { return lines }
            var corrected = lines
            corrected[ended] = Substring(lines[ended].replacingOccurrences(of: ",Terminated,", with: ",Failed,"))
            return corrected
        }
        try resend("pai_machine_metric") { Array($0.dropFirst()) }
        try drops.land([hours[87]], in: project)
        (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        try Self.expectSameAsFullRefresh(project, "after a changed file")

        // silver_jobs rebuilt on its own: its change feed cannot say what went, so the models that
        // read it recompute everything (and say so), and still equal a full refresh.
        (summary, output) = try project.run { $0.select = ["silver_jobs"]; $0.fullRefresh = true }
        #expect(summary.exitCode == 0, "\(output)")
        try drops.land([hours[88]], in: project)
        (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(summary.result(for: "gold_job_usage")?.message.contains("recomputed from every row of its parents: silver_jobs was rebuilt") == true,
                "\(output)")
        try Self.expectSameAsFullRefresh(project, "after a parent's full refresh")
    }

    /// In a DuckDB file (no `lakehouse:`) there is no change feed: the incremental models read every
    /// row and start empty each run, and still equal a full refresh after a file lost a line.
    @Test func aDuckDBFileRecomputesTheIncrementalModels() throws {
        let drops = try Drops()
        let hours = drops.hours
        let project = try LakehouseProject(withSample: false)
        let yml = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        var inBlock = false
        let kept = yml.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if line.hasPrefix("lakehouse:") { inBlock = true; return false }
            if inBlock, line.hasPrefix(" ") { return false }
            if !line.isEmpty { inBlock = false }
            return true
        }
        try kept.joined(separator: "\n").write(toFile: project.path("lake.yml"), atomically: true, encoding: .utf8)
        try drops.land(hours.prefix(40), in: project)
        var (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(FileManager.default.fileExists(atPath: project.path("data_lake/warehouse.duckdb")))
        // A machine sample re-sent without one of its lines: that sample's key leaves bronze
        // altogether, so silver_gpu_timeseries must drop it too.
        let metrics = project.path("data_raw/pai_machine_metric/\(hours[30])")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: metrics).sorted().first)
        let lines = try String(contentsOfFile: "\(metrics)/\(file)", encoding: .utf8).split(separator: "\n")
        let samples = try project.count("SELECT count(*) FROM silver_gpu_timeseries")
        try (lines.dropFirst().joined(separator: "\n") + "\n").write(toFile: "\(metrics)/\(file)", atomically: true, encoding: .utf8)
        (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(try project.count("SELECT count(*) FROM silver_gpu_timeseries") == samples - 1)
        try drops.land([hours[40]], in: project)
        (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        try Self.expectSameAsFullRefresh(project, "a DuckDB file after a changed file")
    }
}
