import Foundation
import Testing
import LakeDuckDB
import LakeLakehouse
import LakeProject
import LakeRunner
@testable import LakeReport

/// The report and docs pages for the shipped sample, checked for their structure.
@Suite(.serialized) struct ReportPagesTests {
    /// The sample built once, shared by the checks below.
    static let built: (root: String, report: String, docs: String) = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-report-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: root + "/data_raw", withIntermediateDirectories: true)
        for item in ["lake.yml", "models", "seeds", "sql", "tests"] { try! FileManager.default.copyItem(atPath: repository + "/" + item, toPath: root + "/" + item) }
        for file in try! FileManager.default.contentsOfDirectory(atPath: repository + "/data_raw") where file.hasSuffix(".csv") {
            try! FileManager.default.copyItem(atPath: repository + "/data_raw/" + file, toPath: root + "/data_raw/" + file)
        }
        _ = try! LakehouseRun.run(projectDirectory: root, options: RunOptions()) { _ in }
        let report = try! FleetReport(settings: try! ProjectSettings.load(projectDirectory: root), projectDirectory: root).render()
        let runner = try! Runner(projectDirectory: root, options: RunOptions(), output: { _ in })
        let docs = DocsPage(project: runner.project, graph: try! runner.listGraph()).render()
        return (root, report, docs)
    }()

    /// Where a project copy keeps its tables (the shipped project: a DuckLake).
    static func location(_ root: String) throws -> WarehouseLocation {
        WarehouseLocation(settings: try ProjectSettings.load(projectDirectory: root), root: root)
    }

    /// The `<svg id="…">…</svg>` element with that id.
    static func svg(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "<svg class=\"chart") , html.contains("id=\"\(id)\"") else { return nil }
        _ = start
        guard let open = html.range(of: "id=\"\(id)\"") else { return nil }
        let from = html[..<open.lowerBound].range(of: "<svg", options: .backwards)!.lowerBound
        let to = html[open.upperBound...].range(of: "</svg>")!.upperBound
        return String(html[from..<to])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func query(_ sql: String) throws -> QueryResult {
        try Warehouse.open(try Self.location(Self.built.root), .read).connect().query(sql)
    }

    @Test func everyChartIsThereWithItsPoints() throws {
        let html = Self.built.report
        let daily = try #require(Self.svg("daily-utilisation", in: html))
        #expect(Self.count("class=\"point\"", in: daily) == 120, "avg and p95 for 60 days")
        #expect(Self.count("class=\"marker\"", in: daily) == 3, "the three flagged days")
        #expect(Self.count("class=\"series\"", in: daily) == 2)
        let users = try query("SELECT count(DISTINCT user_id) FROM gold_billing WHERE grain = 'user'").scalar(Int.self)!
        #expect(Self.count("class=\"bar\"", in: try #require(Self.svg("cost-by-user", in: html))) == min(users, 15) + (users > 15 ? 1 : 0))
        #expect(Self.count("class=\"bar\"", in: try #require(Self.svg("gpu-hours-by-user", in: html))) == min(users, 15) + (users > 15 ? 1 : 0))
        let types = try query("SELECT count(DISTINCT m.gpu_type) FROM silver_gpu_timeseries t JOIN silver_machines m USING (machine_id) WHERE t.gpu_count > 0").scalar(Int.self)!
        #expect(Self.count("class=\"bar\"", in: try #require(Self.svg("gpu-hours-by-type", in: html))) == types)
        let billedDays = try query("SELECT count(DISTINCT period_start) FROM gold_billing WHERE grain = 'user' AND period = 'day'").scalar(Int.self)!
        #expect(Self.count("class=\"point\"", in: try #require(Self.svg("cost-by-day", in: html))) == billedDays)
        let heatmap = try #require(Self.svg("machine-heatmap", in: html))
        let machineDays = try query("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts::date FROM silver_gpu_timeseries WHERE gpu_count > 0)").scalar(Int.self)!
        #expect(Self.count("class=\"cell\"", in: heatmap) == machineDays)
        let idle = try query("SELECT count(*) FROM gold_node_usage WHERE idle_share > 0.5").scalar(Int.self)!
        #expect(Self.count("class=\"idle-outline\"", in: heatmap) == idle)
        #expect(Self.count("class=\"bar\"", in: try #require(Self.svg("job-efficiency", in: html))) == 10)
        #expect(html.contains("<table class=\"sortable\" id=\"worst-jobs\">"))
        #expect(Self.count("<tr>", in: html.components(separatedBy: "id=\"worst-jobs\"")[1].components(separatedBy: "</table>")[0]) == 21)
        #expect(Self.count("class=\"kpi\"", in: html) == 10)
        // Every mark explains itself.
        #expect(Self.count("<title>", in: daily) >= 123)
    }

    /// The rows of the sortable table with that id, header included.
    static func tableRows(_ id: String, in html: String) -> Int? {
        guard html.contains("id=\"\(id)\"") else { return nil }
        return count("<tr>", in: html.components(separatedBy: "id=\"\(id)\"")[1].components(separatedBy: "</table>")[0])
    }

    @Test func theFleetSectionsShowTheGoldTables() throws {
        let html = Self.built.report
        // Open alerts: one row each (the sample's open one is a budget past 80 % this month).
        let open = try query("SELECT count(*) FROM gold_alerts WHERE state = 'open'").scalar(Int.self)!
        #expect(open >= 1)
        #expect(Self.tableRows("open-alerts", in: html) == open + 1)
        #expect(html.contains("budget_80"))
        // Sick machines: one row per run of consecutive flagged days of a machine, with its alert's evidence.
        let episodes = try query("""
            SELECT count(DISTINCT (machine_id, episode)) FROM (
                SELECT machine_id, dt - (row_number() OVER (PARTITION BY machine_id ORDER BY dt))::INTEGER AS episode
                FROM gold_machine_day_scored WHERE anomaly_flag = 1)
            """).scalar(Int.self)!
        #expect(episodes > 0)
        #expect(Self.tableRows("sick-machines", in: html) == episodes + 1)
        #expect(html.contains("GPU utilisation stuck"))
        // Budgets: every budget and month.
        let budgetMonths = try query("SELECT count(*) FROM gold_budget_status").scalar(Int.self)!
        #expect(budgetMonths == 4 * 3)
        #expect(Self.tableRows("budgets", in: html) == budgetMonths + 1)
        // Energy: a bar per GPU type, and per user up to 15.
        let types = try query("SELECT count(DISTINCT gpu_type) FROM gold_machine_day").scalar(Int.self)!
        #expect(Self.count("class=\"bar\"", in: try #require(Self.svg("energy-by-type", in: html))) == types)
        let users = try query("SELECT count(DISTINCT user_id) FROM gold_user_gpu_usage_daily").scalar(Int.self)!
        #expect(Self.count("class=\"bar\"", in: try #require(Self.svg("energy-by-user", in: html))) == min(users, 15))
        let energy = try query("SELECT sum(energy_kwh) FROM gold_job_usage").scalar(Double.self)!
        #expect(energy > 0)
        #expect(html.contains(NumberText.grouped(energy) + " kWh"))
    }

    @Test func nothingIsFetchedFromAnywhere() {
        for html in [Self.built.report, Self.built.docs] {
            #expect(!html.contains("http://") && !html.contains("https://"))
            #expect(!html.contains("<link") && !html.contains("src=") && !html.contains("@import") && !html.contains("url("))
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(Self.count("<script>", in: html) == 1)
        }
    }

    @Test func thePeriodCanBeNarrowed() throws {
        let html = try FleetReport(settings: try ProjectSettings.load(projectDirectory: Self.built.root), projectDirectory: Self.built.root,
                                   from: "1970-01-10", to: "1970-01-19").render()
        #expect(Self.count("class=\"point\"", in: try #require(Self.svg("daily-utilisation", in: html))) == 20)
        #expect(Self.count("class=\"marker\"", in: try #require(Self.svg("daily-utilisation", in: html))) == 1)
        #expect(html.contains("1970-01-10 to 1970-01-19 (10 days)"))
    }

    /// The header names the run that built what the report shows: a `lake test` since (which
    /// rewrites target/run_results.json and changes no table) does not take its place.
    @Test func theHeaderNamesTheRunThatBuiltTheLake() throws {
        let root = Self.built.root
        let location = try Self.location(root)
        let built = try #require(try Warehouse.open(location, .read).connect().query("""
            SELECT json_extract_string(commit_extra_info, '$.run_id') FROM ducklake_snapshots(current_database())
            WHERE commit_extra_info IS NOT NULL ORDER BY snapshot_id DESC LIMIT 1
            """).scalar(String.self))
        var options = RunOptions()
        options.scope = .testsOnly
        let tested = try Runner(projectDirectory: root, options: options, output: { _ in }).run()
        #expect(tested.runId != built)
        #expect(RunResultsFile.last(inProject: root)?.metadata.invocationId == tested.runId)
        let html = try FleetReport(settings: try ProjectSettings.load(projectDirectory: root), projectDirectory: root).render()
        #expect(html.contains("run \(built) at "), "\(built)")
        #expect(!html.contains(tested.runId))
    }

    /// A narrowed period: the job efficiency follows it, a range with no data says so, and a
    /// reversed one is an error rather than an empty page.
    @Test func aPeriodWithoutDataOrBackwardsSaysSo() throws {
        let html = try FleetReport(settings: try ProjectSettings.load(projectDirectory: Self.built.root), projectDirectory: Self.built.root, from: "1970-01-10", to: "1970-01-19").render()
        let efficiency = try #require(Self.svg("job-efficiency", in: html))
        let shown = efficiency.components(separatedBy: "<title>").dropFirst().compactMap { title -> Int? in
            guard let colon = title.range(of: ": ") else { return nil }
            return Double(title[colon.upperBound...].prefix { $0 != " " }).map { Int($0) }
        }.reduce(0, +)
        let jobs = try query("SELECT count(*) FROM gold_job_usage WHERE efficiency IS NOT NULL AND start_ts::date BETWEEN '1970-01-10' AND '1970-01-19'").scalar(Int.self)!
        let all = try query("SELECT count(*) FROM gold_job_usage WHERE efficiency IS NOT NULL").scalar(Int.self)!
        #expect(jobs > 0 && jobs < all)
        #expect(shown == jobs)

        let empty = try FleetReport(settings: try ProjectSettings.load(projectDirectory: Self.built.root), projectDirectory: Self.built.root, from: "1971-03-01", to: "1971-04-01").render()
        #expect(empty.contains("No data from 1971-03-01 to 1971-04-01 in gold_cluster_util_daily."))
        #expect(empty.contains("no data from 1971-03-01 to 1971-04-01"))
        #expect(!empty.contains("run `lake run` first"))
        let backwards = #expect(throws: LakeError.self) {
            try FleetReport(settings: try ProjectSettings.load(projectDirectory: Self.built.root), projectDirectory: Self.built.root, from: "1970-03-01", to: "1970-01-01").render()
        }
        #expect(backwards?.description == "--from 1970-03-01 is after --to 1970-01-01: no day is in that range")
    }

    /// The charts side by side are drawn for half the page; the rest, the heatmap included, for all of it.
    @Test func halfPageChartsAreDrawnForHalfThePage() throws {
        let html = Self.built.report
        for id in ["cost-by-user", "gpu-hours-by-user", "gpu-hours-by-type", "cost-by-day", "energy-by-type", "energy-by-user"] {
            #expect(try #require(Self.svg(id, in: html)).contains("viewBox=\"0 0 520.0 "), "\(id)")
        }
        for id in ["daily-utilisation", "machine-heatmap", "job-efficiency"] {
            #expect(try #require(Self.svg(id, in: html)).contains("viewBox=\"0 0 760.0 "), "\(id)")
        }
    }

    @Test func anEmptyWarehouseGivesNotesNotACrash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-empty-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try Database(path: folder + "/w.duckdb").connect().execute("CREATE TABLE job_buckets (bucket INTEGER, efficiency_range VARCHAR, jobs BIGINT)")
        var settings = ProjectSettings(name: "empty", warehouse: "w.duckdb")
        settings.reportTables = ReportTables([.clusterDaily: "daily", .jobEfficiency: "job_buckets"])
        let html = try FleetReport(settings: settings, projectDirectory: folder).render()
        #expect(html.contains("The warehouse has none of the tables `report:` names yet"))
        #expect(html.contains("No daily: run `lake run` first."))
        #expect(html.contains("report: names no budget_status table."))
        #expect(html.contains("job_buckets"))
        #expect(!html.contains("<svg"))
    }

    /// The page's parts read the tables lake.yml's `report:` names; a project without one is told
    /// what the report is for (lake itself knows no project's table names).
    @Test func aProjectThatNamesNoReportTablesIsToldWhatTheReportIsFor() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-other-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try Database(path: folder + "/w.duckdb").connect().execute("CREATE TABLE orders (id INTEGER); CREATE TABLE customers (id INTEGER)")
        let error = #expect(throws: LakeError.self) {
            try FleetReport(settings: ProjectSettings(name: "shop", warehouse: "w.duckdb"), projectDirectory: folder).render()
        }
        #expect(error?.description.hasPrefix("lake report draws a GPU fleet page from the tables lake.yml's `report:` names") == true)
        #expect(error?.description.contains("lake.yml has no `report:`") == true)
    }

    /// Renamed tables: the page follows the names `report:` gives, whatever they are.
    @Test func thePageReadsTheTablesReportNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-renamed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try Database(path: folder + "/w.duckdb").connect().execute("""
            CREATE TABLE "fleet daily" AS SELECT DATE '2024-01-01' + i::INTEGER AS dt, 40.0 + i AS avg_gpu_util, 80.0 + i AS p95_gpu_util FROM range(5) r(i)
            """)
        var settings = ProjectSettings(name: "fleet", warehouse: "w.duckdb")
        settings.reportTables = ReportTables([.clusterDaily: "fleet daily"])
        let html = try FleetReport(settings: settings, projectDirectory: folder).render()
        let daily = try #require(Self.svg("daily-utilisation", in: html))
        #expect(daily.contains("avg_gpu_util"))
        #expect(html.contains("2024-01-01 to 2024-01-05 (5 days)"))
    }

    @Test func theDocsPageDrawsTheGraphAndDescribesEveryNode() throws {
        let html = Self.built.docs
        let runner = try Runner(projectDirectory: Self.built.root, options: RunOptions(), output: { _ in })
        let graph = try runner.listGraph()
        let drawn = graph.nodes.values.filter { $0.kind != .test }
        let dag = try #require(Self.svg("dag", in: html))
        #expect(Self.count("class=\"dag-node\"", in: dag) == drawn.count)
        let edges = drawn.reduce(0) { sum, node in sum + node.dependsOn.filter { graph.nodes[$0].map { $0.kind != .test } ?? false }.count }
        #expect(Self.count("class=\"edge\"", in: dag) == edges)
        for node in drawn { #expect(html.contains("<section class=\"node\" id=\"\(node.uniqueId)\">"), "\(node.name)") }
        // Layers run bronze → silver → gold → scored.
        let layers = DocsPage(project: runner.project, graph: graph).layers()
        #expect(layers["model.gpu_lake.bronze_job_events"]! < layers["model.gpu_lake.silver_jobs"]!)
        #expect(layers["model.gpu_lake.silver_gpu_timeseries"]! < layers["model.gpu_lake.gold_cluster_util_daily"]!)
        #expect(layers["model.gpu_lake.gold_cluster_util_daily"]! < layers["model.gpu_lake.gold_cluster_util_daily_scored"]!)
        // The folders read left to right: every gold model after every silver one, every silver one
        // after every bronze one (gold_job_usage, which reads only silver models, was drawn among them).
        func columns(_ folder: String) -> [Int] {
            graph.nodes.values.filter { $0.kind == .model && $0.folders.first == folder }.compactMap { layers[$0.uniqueId] }
        }
        #expect(columns("bronze").max()! < columns("silver").min()!)
        #expect(columns("silver").max()! < columns("gold").min()!)
        // The last run's status and the tests with theirs.
        #expect(html.contains("Last run: <span class=\"status-success\">success</span>"))
        #expect(html.contains("unique (pass)"))
        #expect(html.contains("Compiled SQL"))
        #expect(html.contains("Isolation Forest on gold_cluster_util_daily"))
    }
}
