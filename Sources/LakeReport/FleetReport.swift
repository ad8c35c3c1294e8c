import Foundation
import LakeDuckDB
import LakeProject
import LakeRunner

/// `lake report`: one self-contained HTML page of the fleet from the gold tables — KPI tiles, daily
/// utilisation with the anomalous days, users, GPU types, cost, open alerts, sick machines, budgets,
/// energy, machines and job efficiency.
public struct FleetReport {
    public let warehouse: WarehouseLocation
    /// The models each part of the page reads.
    public let tables: ReportTables
    public let projectDirectory: String
    /// Inclusive dates (YYYY-MM-DD) to limit the period; nil for all.
    public let from: String?
    public let to: String?

    /// The project's settings say where its tables are and which of them the page draws (`report:`).
    public init(settings: ProjectSettings, projectDirectory: String, from: String? = nil, to: String? = nil) throws {
        warehouse = WarehouseLocation(settings: settings, root: projectDirectory)
        guard let tables = settings.reportTables else {
            throw LakeError("lake report draws a GPU fleet page from the tables \(settings.file)'s `report:` names (cluster_daily, "
                + "job_usage, billing, … each a model's name; the README lists them), and \(settings.file) has no `report:`. "
                + "`lake docs` describes any project.")
        }
        self.tables = tables
        self.projectDirectory = projectDirectory
        self.from = from
        self.to = to
    }

    public func render() throws -> String {
        if let from, let to, from > to { throw LakeError("--from \(from) is after --to \(to): no day is in that range") }
        // The last committed snapshot of a lake: a run may be writing the next one meanwhile.
        let connection = try Warehouse.open(warehouse, .read).connect()
        let data = try ReportData(connection: connection, names: tables, from: from, to: to)
        var sections: [String] = []
        sections.append(try kpis(data))
        sections.append(section("Daily cluster GPU utilisation", try dailyChart(data),
                                intro: "avg and p95 of gpu_util_pct (the machine's sum over its GPUs), as the reference pipeline defined them; circled: the days the Isolation Forest flags, with their anomaly score."))
        sections.append("<div class=\"two\">" + section("Cost by user (top 15)", try userChart(data, cost: true))
                        + section("GPU-hours by user (top 15)", try userChart(data, cost: false)) + "</div>")
        sections.append("<div class=\"two\">" + section("GPU-hours used by GPU type", try typeChart(data))
                        + section("Cost by day", try costTrend(data)) + "</div>")
        sections.append(section("Open alerts", try openAlerts(data),
                                intro: "what needs a person now (\(data.name(.alerts))): anomalous cluster days, sick machines, budgets past 80 % or 100 %; `lake alerts` lists the same."))
        sections.append(section("Sick machines", try sickMachines(data),
                                intro: "machines the machine detector flags against their peers the same day, scaled within their GPU type (\(data.name(.machineDayScored))): since when, for how long, and the evidence."))
        sections.append(section("Budgets", try budgets(data),
                                intro: "each budget of lake.yml by month: spent so far against the budget, and the month-end the burn rate projects (\(data.name(.budgetStatus)))."))
        sections.append("<div class=\"two\">" + section("Energy by GPU type (kWh)", try energyByType(data),
                                                          intro: "GPU-hours used × the board power of the GPU (gpu_specs seed): an upper estimate.")
                        + section("Energy by user (top 15, kWh)", try energyByUser(data)) + "</div>")
        sections.append(section("Machine utilisation by day", try heatmap(data),
                                intro: "per-GPU utilisation of each GPU machine per day, least used first; outlined in red: idle machines (idle more than half the time)."))
        sections.append(section("Job efficiency (used ÷ allocated GPU-hours)", try efficiencyChart(data)))
        sections.append(section("Least efficient jobs", try worstJobs(data)))
        return Page.render(title: "GPU fleet report", subtitle: try data.periodText() + " · " + runText(data), body: sections.joined(separator: "\n"))
    }

    private func section(_ title: String, _ content: String, intro: String? = nil) -> String {
        "<section><h2>\(HTML.escape(title))</h2>" + (intro.map { "<p class=\"note\">\(HTML.escape($0))</p>" } ?? "") + content + "</section>"
    }

    private func kpis(_ data: ReportData) throws -> String {
        var tiles: [(String, String)] = []
        if let usage = try data.query(.jobUsage, { table in """
            SELECT sum(gpu_hours_allocated), sum(gpu_hours_used), count(*), avg((job_status = 'Failed')::INT)
            FROM \(table) WHERE \(data.window("start_ts::date"))
            """ }), usage.rowCount > 0 {
            tiles.append(("GPU-hours allocated", NumberText.grouped((try usage.value(Double.self, row: 0, column: 0)) ?? 0)))
            tiles.append(("GPU-hours used", NumberText.grouped((try usage.value(Double.self, row: 0, column: 1)) ?? 0)))
            tiles.append(("Jobs", NumberText.grouped(Double((try usage.value(Int.self, row: 0, column: 2)) ?? 0))))
            tiles.append(("Failure rate", String(format: "%.1f %%", ((try usage.value(Double.self, row: 0, column: 3)) ?? 0) * 100)))
        }
        if let util = try data.query(.gpuTimeseries, { table in """
            SELECT avg(gpu_util_per_gpu_pct), quantile_cont(gpu_util_per_gpu_pct, 0.95) FROM \(table)
            WHERE gpu_count > 0 AND \(data.window("ts::date"))
            """ }), util.rowCount > 0 {
            tiles.append(("Mean GPU utilisation", String(format: "%.1f %%", (try util.value(Double.self, row: 0, column: 0)) ?? 0)))
            tiles.append(("p95 GPU utilisation", String(format: "%.1f %%", (try util.value(Double.self, row: 0, column: 1)) ?? 0)))
        }
        if let cost = try data.query(.billing, { table in "SELECT sum(total_cost) FROM \(table) WHERE grain = 'user' AND period = 'day' AND \(data.window("period_start"))" }) {
            tiles.append(("Total cost", "$" + NumberText.grouped((try cost.value(Double.self, row: 0, column: 0)) ?? 0)))
        }
        if let flagged = try data.query(.clusterDailyScored, { table in "SELECT count(*) FILTER (WHERE anomaly_flag = 1) FROM \(table) WHERE \(data.window("dt"))" }) {
            tiles.append(("Anomalous days", String((try flagged.value(Int.self, row: 0, column: 0)) ?? 0)))
        }
        // A lake built before energy was tracked has no energy_kwh until its next full refresh.
        if try data.exists(.jobUsage, column: "energy_kwh"),
           let energy = try data.query(.jobUsage, { table in "SELECT sum(energy_kwh) FROM \(table) WHERE \(data.window("start_ts::date"))" }) {
            tiles.append(("GPU energy", NumberText.grouped((try energy.value(Double.self, row: 0, column: 0)) ?? 0) + " kWh"))
        }
        if let alerts = try data.query(.alerts, { table in "SELECT count(*) FILTER (WHERE state = 'open') FROM \(table)" }) {
            tiles.append(("Open alerts", String((try alerts.value(Int.self, row: 0, column: 0)) ?? 0)))
        }
        guard !tiles.isEmpty else { return section("Summary", HTML.note("The warehouse has none of the tables `report:` names yet: run `lake run` first.")) }
        return "<section class=\"kpis\" id=\"kpis\">" + tiles.map { "<div class=\"kpi\"><div class=\"value\">\(HTML.escape($0.1))</div><div class=\"label\">\(HTML.escape($0.0))</div></div>" }.joined() + "</section>"
    }

    private func dailyChart(_ data: ReportData) throws -> String {
        guard let daily = try data.query(.clusterDaily, { table in """
            SELECT epoch(dt) / 86400, avg_gpu_util, p95_gpu_util FROM \(table) WHERE \(data.window("dt")) ORDER BY dt
            """ }) else { return HTML.note(data.notBuiltText(.clusterDaily)) }
        guard daily.rowCount > 0 else { return HTML.note(data.noDataText(.clusterDaily)) }
        let x = try daily.columns[0].doubles().map { $0 ?? 0 }
        let avg = try daily.columns[1].doubles(), p95 = try daily.columns[2].doubles()
        var markers: [SVGChart.Marker] = []
        if let scored = try data.query(.clusterDailyScored, { table in """
            SELECT epoch(dt) / 86400, p95_gpu_util, anomaly_score FROM \(table) WHERE anomaly_flag = 1 AND \(data.window("dt")) ORDER BY dt
            """ }) {
            for row in 0..<scored.rowCount {
                markers.append(SVGChart.Marker(x: (try scored.value(Double.self, row: row, column: 0)) ?? 0, y: (try scored.value(Double.self, row: row, column: 1)) ?? 0,
                                               label: String(format: "%.3f", (try scored.value(Double.self, row: row, column: 2)) ?? 0)))
            }
        }
        return SVGChart.lines([
            SVGChart.Series(name: "avg_gpu_util", points: zip(x, avg).compactMap { a, b in b.map { (a, $0) } }, color: "var(--accent)"),
            SVGChart.Series(name: "p95_gpu_util", points: zip(x, p95).compactMap { a, b in b.map { (a, $0) } }, color: "var(--accent2)"),
        ], yLabel: "GPU utilisation (sum over a machine's GPUs, %)", markers: markers, id: "daily-utilisation")
    }

    private func userChart(_ data: ReportData, cost: Bool) throws -> String {
        let measure = cost ? "sum(total_cost)" : "sum(gpu_hours)"
        guard let users = try data.query(.billing, { table in """
            WITH per_user AS (SELECT user_id, \(measure) AS v FROM \(table) WHERE grain = 'user' AND period = 'day' AND \(data.window("period_start")) GROUP BY 1),
                 ranked AS (SELECT *, row_number() OVER (ORDER BY v DESC, user_id) AS r, count(*) OVER () AS n FROM per_user)
            SELECT CASE WHEN r <= 15 THEN user_id ELSE 'other ' || (n - 15) || ' users' END AS label, sum(v) AS v, min(r) AS r
            FROM ranked GROUP BY 1 ORDER BY r
            """ }), users.rowCount > 0 else { return HTML.note(data.noRowsText(.billing)) }
        let items = try (0..<users.rowCount).map { ((try users.value(String.self, row: $0, column: 0)) ?? "", (try users.value(Double.self, row: $0, column: 1)) ?? 0) }
        return SVGChart.bars(items, valueLabel: cost ? "USD" : "GPU-hours allocated", color: cost ? "var(--accent2)" : "var(--accent)", width: SVGChart.halfWidth, id: cost ? "cost-by-user" : "gpu-hours-by-user")
    }

    private func typeChart(_ data: ReportData) throws -> String {
        guard let types = try data.query(.gpuTimeseries, { table in """
            SELECT m.gpu_type, sum(t.gpu_util_pct / 100.0 * t.interval_hours) AS used
            FROM \(table) t JOIN \(data.relation(.machines)) m USING (machine_id)
            WHERE t.gpu_count > 0 AND \(data.window("t.ts::date")) GROUP BY 1 ORDER BY used DESC
            """ }), types.rowCount > 0 else { return HTML.note("No machine metrics in this period.") }
        let items = try (0..<types.rowCount).map { ((try types.value(String.self, row: $0, column: 0)) ?? "?", (try types.value(Double.self, row: $0, column: 1)) ?? 0) }
        return SVGChart.bars(items, valueLabel: "GPU-hours used", width: SVGChart.halfWidth, id: "gpu-hours-by-type")
    }

    private func costTrend(_ data: ReportData) throws -> String {
        guard let days = try data.query(.billing, { table in """
            SELECT epoch(period_start) / 86400, sum(total_cost) FROM \(table) WHERE grain = 'user' AND period = 'day' AND \(data.window("period_start"))
            GROUP BY 1 ORDER BY 1
            """ }), days.rowCount > 0 else { return HTML.note(data.noRowsText(.billing)) }
        let points = try (0..<days.rowCount).map { ((try days.value(Double.self, row: $0, column: 0)) ?? 0, (try days.value(Double.self, row: $0, column: 1)) ?? 0) }
        return SVGChart.lines([SVGChart.Series(name: "cost per day", points: points, color: "var(--accent2)")], yLabel: "USD", width: SVGChart.halfWidth, id: "cost-by-day")
    }

    private func heatmap(_ data: ReportData) throws -> String {
        guard let cells = try data.query(.gpuTimeseries, { table in """
            SELECT t.machine_id, t.ts::date AS dt, avg(t.gpu_util_per_gpu_pct) AS util
            FROM \(table) t WHERE t.gpu_count > 0 AND \(data.window("t.ts::date")) GROUP BY 1, 2
            """ }), cells.rowCount > 0 else { return HTML.note("No machine metrics in this period.") }
        var byMachine: [String: [String: Double]] = [:], days = Set<String>()
        for row in 0..<cells.rowCount {
            let machine = (try cells.value(String.self, row: row, column: 0)) ?? "", day = cells[row, 1].description
            byMachine[machine, default: [:]][day] = (try cells.value(Double.self, row: row, column: 2)) ?? 0
            days.insert(day)
        }
        var idle = Set<String>()
        if let nodes = try data.query(.nodeUsage, { table in "SELECT machine_id FROM \(table) WHERE idle_share > 0.5" }) {
            idle = Set(try nodes.columns[0].decode(String.self).compactMap { $0 })
        }
        let columns = days.sorted()
        let mean = byMachine.mapValues { $0.values.reduce(0, +) / Double(max($0.count, 1)) }
        var machines = byMachine.keys.sorted { (mean[$0]!, $0) < (mean[$1]!, $1) }
        var note = ""
        if machines.count > 60 {
            note = HTML.note("Showing the 30 least and 30 most utilised of \(machines.count) machines.")
            machines = Array(machines.prefix(30) + machines.suffix(30))
        }
        let rows = machines.map { machine in
            (label: String(machine.prefix(12)) + (idle.contains(machine) ? " (idle)" : ""), values: columns.map { byMachine[machine]?[$0] }, highlighted: idle.contains(machine))
        }
        return note + SVGChart.heatmap(rows: rows, columns: columns.map { String($0.dropFirst(5)) }, valueLabel: "per-GPU utilisation", id: "machine-heatmap")
    }

    private func openAlerts(_ data: ReportData) throws -> String {
        guard let alerts = try data.query(.alerts, { table in """
            SELECT severity, kind, subject, since, detail, first_seen_at::VARCHAR, last_seen_at::VARCHAR,
                   (SELECT count(*) FROM \(table) WHERE state = 'resolved')
            FROM \(table) WHERE state = 'open'
            ORDER BY severity = 'critical' DESC, first_seen_at DESC, kind, subject
            """ }) else { return HTML.note(data.notBuiltText(.alerts)) }
        guard alerts.rowCount > 0 else { return HTML.note("No open alerts.") }
        let rows = (0..<alerts.rowCount).map { row in (0..<7).map { alerts[row, $0].description } }
        let resolved = (try alerts.value(Int.self, row: 0, column: 7)) ?? 0
        return HTML.sortableTable(headers: ["severity", "kind", "subject", "since", "what", "first seen", "last seen"], rows: rows, numeric: [], id: "open-alerts")
            + HTML.note("\(resolved) resolved alert\(resolved == 1 ? "" : "s") not shown (`lake alerts --all`).")
    }

    private func sickMachines(_ data: ReportData) throws -> String {
        guard let days = try data.query(.machineDayScored, { table in """
            WITH flagged AS (
                SELECT machine_id, gpu_type, dt, anomaly_score,
                       dt - (row_number() OVER (PARTITION BY machine_id ORDER BY dt))::INTEGER AS episode
                FROM \(table) WHERE anomaly_flag = 1 AND \(data.window("dt")))
            SELECT f.machine_id, any_value(f.gpu_type), min(f.dt)::VARCHAR, max(f.dt)::VARCHAR, count(*), min(f.anomaly_score),
                   coalesce(any_value(a.detail), ''), coalesce(any_value(a.state), '')
            FROM flagged f
            LEFT JOIN (\(data.exists(.alerts) ? "SELECT subject, since, detail, state FROM \(data.relation(.alerts)) WHERE kind = 'sick_machine'" : "SELECT NULL AS subject, NULL AS since, NULL AS detail, NULL AS state")) a
              ON a.subject = f.machine_id AND a.since = (f.episode + 1)::VARCHAR
            GROUP BY f.machine_id, f.episode ORDER BY min(f.dt) DESC, f.machine_id
            """ }) else { return HTML.note(data.notBuiltText(.machineDayScored)) }
        guard days.rowCount > 0 else { return HTML.note("No machine was flagged in this period.") }
        let rows = try (0..<days.rowCount).map { row -> [String] in
            [days[row, 0].description, days[row, 1].description, days[row, 2].description, days[row, 3].description, days[row, 4].description,
             String(format: "%.3f", (try days.value(Double.self, row: row, column: 5)) ?? 0), days[row, 6].description, days[row, 7].description]
        }
        return HTML.sortableTable(headers: ["machine", "GPU type", "from", "to", "days", "worst score", "evidence", "alert"],
                                  rows: rows, numeric: [4, 5], id: "sick-machines")
    }

    private func budgets(_ data: ReportData) throws -> String {
        guard let budgets = try data.query(.budgetStatus, { table in """
            SELECT budget, unit, strftime(month, '%Y-%m'), monthly_budget, spent, projected_month_end, share_used, status
            FROM \(table) WHERE \(data.window("month")) OR is_current_month
            ORDER BY is_current_month DESC, month DESC, share_used DESC, budget
            """ }) else { return HTML.note(data.notBuiltText(.budgetStatus)) }
        guard budgets.rowCount > 0 else { return HTML.note("No budgets: add `budgets:` to lake.yml.") }
        let rows = try (0..<budgets.rowCount).map { row -> [String] in
            let unit = budgets[row, 1].description == "usd" ? "USD" : "GPU-hours"
            return [budgets[row, 0].description, budgets[row, 2].description, unit,
                    NumberText.grouped((try budgets.value(Double.self, row: row, column: 3)) ?? 0),
                    NumberText.grouped((try budgets.value(Double.self, row: row, column: 4)) ?? 0, decimals: 1),
                    NumberText.grouped((try budgets.value(Double.self, row: row, column: 5)) ?? 0, decimals: 1),
                    String(format: "%.0f %%", ((try budgets.value(Double.self, row: row, column: 6)) ?? 0) * 100),
                    budgets[row, 7].description]
        }
        return HTML.sortableTable(headers: ["budget", "month", "unit", "budget", "spent", "projected month-end", "used", "status"],
                                  rows: rows, numeric: [3, 4, 5, 6], id: "budgets")
    }

    private func energyByType(_ data: ReportData) throws -> String {
        guard let types = try data.query(.machineDay, { table in """
            SELECT gpu_type, sum(energy_kwh) AS kwh FROM \(table) WHERE \(data.window("dt")) GROUP BY 1 ORDER BY kwh DESC, 1
            """ }), types.rowCount > 0 else { return HTML.note(data.noRowsText(.machineDay)) }
        let items = try (0..<types.rowCount).map { ((try types.value(String.self, row: $0, column: 0)) ?? "?", (try types.value(Double.self, row: $0, column: 1)) ?? 0) }
        return SVGChart.bars(items, valueLabel: "kWh", width: SVGChart.halfWidth, id: "energy-by-type")
    }

    private func energyByUser(_ data: ReportData) throws -> String {
        guard let users = try data.query(.userUsageDaily, { table in """
            SELECT user_id, sum(energy_kwh) AS kwh FROM \(table) WHERE \(data.window("dt"))
            GROUP BY 1 ORDER BY kwh DESC, 1 LIMIT 15
            """ }), users.rowCount > 0 else { return HTML.note(data.noRowsText(.userUsageDaily)) }
        let items = try (0..<users.rowCount).map { ((try users.value(String.self, row: $0, column: 0)) ?? "?", (try users.value(Double.self, row: $0, column: 1)) ?? 0) }
        return SVGChart.bars(items, valueLabel: "kWh", color: "var(--accent2)", width: SVGChart.halfWidth, id: "energy-by-user")
    }

    private func efficiencyChart(_ data: ReportData) throws -> String {
        // The whole trace's buckets are the job efficiency table's; a period's come from its jobs, bucketed the same way.
        guard let buckets = try data.isNarrowed
            ? data.query(.jobUsage, { table in """
                SELECT (b * 10) || '-' || (b * 10 + 10) || '%', count(u.efficiency) FROM range(10) t(b)
                LEFT JOIN \(table) u ON least(floor(u.efficiency * 10), 9) = b AND u.efficiency IS NOT NULL AND \(data.window("u.start_ts::date"))
                GROUP BY b ORDER BY b
                """ })
            : data.query(.jobEfficiency, { table in "SELECT efficiency_range, jobs FROM \(table) ORDER BY bucket" }),
              buckets.rowCount > 0 else { return HTML.note(data.notBuiltText(.jobEfficiency)) }
        let items = try (0..<buckets.rowCount).map { ((try buckets.value(String.self, row: $0, column: 0)) ?? "", Double((try buckets.value(Int.self, row: $0, column: 1)) ?? 0)) }
        return SVGChart.bars(items, valueLabel: "jobs", id: "job-efficiency")
    }

    private func worstJobs(_ data: ReportData) throws -> String {
        guard let jobs = try data.query(.jobUsage, { table in """
            SELECT job_id, user_id, job_status, gpu_hours_allocated, gpu_hours_used, efficiency FROM \(table)
            WHERE gpu_hours_allocated > 0 AND \(data.window("start_ts::date"))
            ORDER BY gpu_hours_allocated - gpu_hours_used DESC LIMIT 20
            """ }), jobs.rowCount > 0 else { return HTML.note("No jobs with allocated GPU-hours in this period.") }
        let rows = try (0..<jobs.rowCount).map { row -> [String] in
            [jobs[row, 0].description, jobs[row, 1].description, jobs[row, 2].description,
             NumberText.grouped((try jobs.value(Double.self, row: row, column: 3)) ?? 0, decimals: 1),
             NumberText.grouped((try jobs.value(Double.self, row: row, column: 4)) ?? 0, decimals: 1),
             String(format: "%.3f", (try jobs.value(Double.self, row: row, column: 5)) ?? 0)]
        }
        return HTML.sortableTable(headers: ["job", "user", "status", "GPU-hours allocated", "GPU-hours used", "efficiency"],
                                  rows: rows, numeric: [3, 4, 5], id: "worst-jobs")
    }

    /// The run that produced what the report reads. On a lake, the run of its last labelled commit:
    /// target/run_results.json is the last command's, and a `lake test` or `lake docs` since the
    /// build wrote it without changing a table. Otherwise target/run_results.json.
    private func runText(_ data: ReportData) -> String {
        // The whole id: it is what `lake history` lists and `lake query --at-run` takes (its first
        // eight characters are the date, the same for every run of a day).
        if let (run, time) = data.lastCommittingRun() { return "run \(run) at \(time) UTC" }
        guard let run = RunResultsFile.last(inProject: projectDirectory) else { return "no run recorded in target/" }
        return "run \(run.metadata.invocationId) at \(run.generatedText) UTC"
    }
}

/// The report's access to the warehouse: the tables the project names for each part of the page
/// (any of which may be missing), and the period's bounds.
struct ReportData {
    let connection: Connection
    let names: ReportTables
    let from: String?
    let to: String?
    /// The warehouse's tables, read once: every section asks whether its table is there.
    let tables: Set<String>

    init(connection: Connection, names: ReportTables, from: String?, to: String?) throws {
        self.connection = connection
        self.names = names
        self.from = from
        self.to = to
        tables = Set(try connection.query("SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()")
            .columns[0].decode(String.self).compactMap { $0 })
    }

    /// The table the project names for `role`, for text; the role's own name when it names none.
    func name(_ role: ReportTables.Role) -> String { names[role] ?? role.rawValue }

    /// The table for `role` as SQL names it.
    func relation(_ role: ReportTables.Role) -> String { SQLText.quote(name(role)) }

    /// The rows `sql` (given the table's relation) gives, or nil when the project names no table
    /// for `role` or the warehouse does not hold it.
    func query(_ role: ReportTables.Role, _ sql: (String) -> String) throws -> QueryResult? {
        guard exists(role) else { return nil }
        return try connection.query(sql(relation(role)))
    }

    func exists(_ role: ReportTables.Role) -> Bool { names[role].map(tables.contains) ?? false }

    /// The run id and commit time (UTC, to the second) of the lake's last commit a run labelled;
    /// nil for a warehouse that is not a DuckLake, or a lake no lake run has written.
    func lastCommittingRun() -> (id: String, time: String)? {
        guard let catalog = try? connection.query("SELECT current_database()").scalar(String.self),
              let found = try? connection.query("""
                  SELECT json_extract_string(commit_extra_info, '$.run_id'), epoch_ms(snapshot_time)
                  FROM ducklake_snapshots(\(SQLText.literal(catalog)))
                  WHERE json_extract_string(commit_extra_info, '$.run_id') IS NOT NULL ORDER BY snapshot_id DESC LIMIT 1
                  """), found.rowCount == 1,
              let id = try? found.value(String.self, row: 0, column: 0), let milliseconds = try? found.value(Int.self, row: 0, column: 1) else { return nil }
        // From the epoch, not the session's text for a TIMESTAMPTZ, which follows its time zone.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return (id, formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
    }

    /// Whether `--from` or `--to` narrowed the period, and the period in words.
    var isNarrowed: Bool { from != nil || to != nil }
    var periodWords: String { "from \(from ?? "the start") to \(to ?? "the end")" }

    func exists(_ role: ReportTables.Role, column: String) throws -> Bool {
        guard let table = names[role] else { return false }
        return try connection.query("""
            SELECT count(*) FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = ? AND column_name = ?
            """, [.varchar(table), .varchar(column)]).scalar(Int.self) ?? 0 > 0
    }

    /// A SQL condition keeping `expression` (a DATE) within the period.
    func window(_ expression: String) -> String {
        var conditions = ["true"]
        if let from { conditions.append("\(expression) >= DATE '\(from.replacingOccurrences(of: "'", with: ""))'") }
        if let to { conditions.append("\(expression) <= DATE '\(to.replacingOccurrences(of: "'", with: ""))'") }
        return conditions.joined(separator: " AND ")
    }

    /// What a part says when its table is not there: not built yet, or not named in lake.yml.
    func notBuiltText(_ role: ReportTables.Role) -> String {
        guard let table = names[role] else { return "lake.yml's report: names no \(role.rawValue) table." }
        return "No \(table): run `lake run` first."
    }

    /// What a part says when its table is there but holds nothing in the period.
    func noRowsText(_ role: ReportTables.Role) -> String { "No \(name(role)) rows in this period." }

    /// What a chart says when its table is there but holds nothing in the period.
    func noDataText(_ role: ReportTables.Role) -> String {
        guard isNarrowed else { return "\(name(role)) is empty: run `lake run` on some raw data first." }
        return "No data \(periodWords) in \(name(role))."
    }

    func periodText() throws -> String {
        guard let range = try query(.clusterDaily, { table in "SELECT min(dt)::VARCHAR, max(dt)::VARCHAR, count(*) FROM \(table) WHERE \(window("dt"))" }) else { return "no data" }
        guard let first = try range.value(String.self, row: 0, column: 0) else {
            return isNarrowed ? "no data \(periodWords)" : "no data"
        }
        return "\(first) to \((try range.value(String.self, row: 0, column: 1)) ?? "?") (\((try range.value(Int.self, row: 0, column: 2)) ?? 0) days)"
    }
}
