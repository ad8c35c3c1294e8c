import Foundation
import Testing
import LakeDuckDB
import LakeKit
@testable import LakeLakehouse

/// gold_budget_status and gold_alerts on GoldValueTests' hand-sized trace, with one budget: user 1
/// may spend 30 USD a month. Its first job costs 27.72 USD (GoldValueTests), 92 % of the budget.
@Suite struct AlertsAndBudgetsTests {
    /// A third job of user 1: one T4 GPU for one hour on day 2 (01:00 to 02:00), 2.50 + 5 % = 2.625 USD.
    static let secondJob = (job: "j00000000000000000000003,i3,u00000000001,Terminated,435600,439200",
                            task: "j00000000000000000000003,worker,1,Terminated,435600,439200,400,8,100,T4",
                            instance: "j00000000000000000000003,worker,n4,k4,i3,Terminated,435600,439200,m00000000000000000000002")
    /// A job of user 2 in February (1970-02-02 00:00 to 01:00): the month turns.
    static let februaryJob = (job: "j00000000000000000000004,i4,u00000000002,Terminated,2764800,2768400",
                              task: "j00000000000000000000004,worker,1,Terminated,2764800,2768400,400,8,100,T4",
                              instance: "j00000000000000000000004,worker,n5,k5,i4,Terminated,2764800,2768400,m00000000000000000000002")

    func tinyProject() throws -> LakehouseProject {
        let project = try LakehouseProject(withSample: false)
        try project.writeRaw("pai_machine_spec.csv", GoldValueTests.machines)
        try project.writeRaw("pai_machine_metric.csv", GoldValueTests.metrics)
        try project.writeRaw("pai_sensor_table.csv", GoldValueTests.sensors)
        try project.writeRaw("pai_group_tag_table.csv", GoldValueTests.tags)
        try land(project, extra: [])
        // The shipped budgets give way to one for user 1; on_alert appends each alert it hears of.
        var yaml = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        let start = yaml.range(of: "budgets:\n")!, end = yaml.range(of: "\n\n", range: start.upperBound..<yaml.endIndex)!
        yaml.replaceSubrange(start.lowerBound..<end.lowerBound, with: "budgets:\n  - {name: first-user, user: u00000000001, monthly_usd: 30}")
        yaml = yaml.replacingOccurrences(of: "# on_alert: ./notify-slack.sh", with: "on_alert: cat >> heard.jsonl")
        try yaml.write(toFile: project.path("lake.yml"), atomically: true, encoding: .utf8)
        return project
    }

    func land(_ project: LakehouseProject, extra: [(job: String, task: String, instance: String)]) throws {
        try project.writeRaw("pai_job_table.csv", GoldValueTests.jobs + extra.map(\.job))
        try project.writeRaw("pai_task_table.csv", GoldValueTests.tasks + extra.map(\.task))
        try project.writeRaw("pai_instance_table.csv", GoldValueTests.instances + extra.map(\.instance))
    }

    /// The alerts on_alert has heard of so far, by id.
    func heard(_ project: LakehouseProject) throws -> [String] {
        guard let text = try? String(contentsOfFile: project.path("heard.jsonl"), encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return object["alert_id"] as! String
        }
    }

    func budgetAlerts(_ project: LakehouseProject) throws -> [[DuckDBValue]] {
        try project.query("""
            SELECT kind, subject, since, state, first_seen_run, last_seen_run, resolved_run FROM gold_alerts
            WHERE kind LIKE 'budget%' ORDER BY kind DESC
            """).rows
    }

    @Test func budgetFiguresMatchAHandComputation() throws {
        let project = try tinyProject()
        try land(project, extra: [Self.secondJob])
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        // Spent 27.72 + 2.625 = 30.345 USD by 1970-01-06 02:00, the latest job end: 5 days and 2 hours
        // into January, so 30.345 / (5 + 2/24) a day, and 31 times that by the month's end.
        let status = try project.query("""
            SELECT budget, unit, month::VARCHAR, as_of::VARCHAR, is_current_month, days_in_month, spent, days_elapsed,
                   burn_rate_per_day, projected_month_end, share_used, status
            FROM gold_budget_status
            """)
        #expect(status.rowCount == 1)
        let row = status.rows[0]
        #expect(Array(row[0...3]) == ["first-user", "usd", "1970-01-01", "1970-01-06 02:00:00"])
        #expect(row[4] == .boolean(true))
        #expect(row[5] == .integer(31))
        let spent = 27.72 + 2.625, days = 5 + 2.0 / 24
        for (column, expected) in [(6, spent), (7, days), (8, spent / days), (9, spent / days * 31), (10, spent / 30)] {
            #expect(abs((try status.value(Double.self, row: 0, column: column) ?? .nan) - expected) < 1e-9, "column \(column)")
        }
        #expect(row[11] == "over")
    }

    @Test func alertsOpenPersistAndResolveOnceEachAndOnAlertHearsOnlyNewOnes() throws {
        let project = try tinyProject()

        // Run 1: 27.72 of 30 USD (92 %): the 80 % alert opens, and on_alert hears of it.
        let first = try project.run()
        #expect(first.summary.exitCode == 0, "\(first.output)")
        let run1 = first.summary.runId
        #expect(try budgetAlerts(project) == [["budget_80", "first-user", "1970-01-01", "open", .varchar(run1), .varchar(run1), .null]])
        let opened1 = try project.query("SELECT alert_id FROM gold_alerts WHERE first_seen_run = '\(run1)' AND state = 'open' ORDER BY alert_id")
            .columns[0].decode(String.self).compactMap { $0 }
        #expect(try heard(project).sorted() == opened1)
        #expect(first.output.contains("on_alert: \(opened1.count) of \(opened1.count) new alert"))

        // Run 2: the second job takes user 1 past 100 %: a new alert; the 80 % one is the same row, seen again.
        try land(project, extra: [Self.secondJob])
        let second = try project.run()
        #expect(second.summary.exitCode == 0, "\(second.output)")
        let run2 = second.summary.runId
        #expect(try budgetAlerts(project) == [
            ["budget_80", "first-user", "1970-01-01", "open", .varchar(run1), .varchar(run2), .null],
            ["budget_100", "first-user", "1970-01-01", "open", .varchar(run2), .varchar(run2), .null],
        ])
        let opened2 = try project.query("SELECT alert_id FROM gold_alerts WHERE first_seen_run = '\(run2)' AND state = 'open' ORDER BY alert_id")
            .columns[0].decode(String.self).compactMap { $0 }
        #expect(opened2.contains(try project.query("SELECT alert_id FROM gold_alerts WHERE kind = 'budget_100'").scalar(String.self)!))
        #expect(try heard(project).sorted() == (opened1 + opened2).sorted())

        // Run 3: February arrives; January's crossings clear and resolve in this run, nothing new.
        try land(project, extra: [Self.secondJob, Self.februaryJob])
        let third = try project.run()
        #expect(third.summary.exitCode == 0, "\(third.output)")
        let run3 = third.summary.runId
        #expect(try budgetAlerts(project) == [
            ["budget_80", "first-user", "1970-01-01", "resolved", .varchar(run1), .varchar(run2), .varchar(run3)],
            ["budget_100", "first-user", "1970-01-01", "resolved", .varchar(run2), .varchar(run2), .varchar(run3)],
        ])
        let heardBefore = try heard(project)
        #expect(try project.count("SELECT count(*) FROM gold_alerts WHERE first_seen_run = '\(run3)' AND state = 'open'") == heardBefore.count - opened1.count - opened2.count)

        // Run 4, nothing new: the alerts are as they were, none duplicated, none heard of again.
        // (An open alert's last sighting moves to the run that saw it; nothing else changes.)
        let alerts = "SELECT * EXCLUDE (last_seen_run, last_seen_at) FROM gold_alerts ORDER BY alert_id"
        let before = try project.query(alerts).rows
        let fourth = try project.run()
        #expect(fourth.summary.exitCode == 0)
        #expect(try project.query(alerts).rows == before)
        #expect(try project.count("SELECT count(*) - count(DISTINCT alert_id) FROM gold_alerts") == 0)
        #expect(try project.count("SELECT count(*) FROM gold_alerts WHERE first_seen_run = '\(fourth.summary.runId)'") == 0)
        #expect(try heard(project) == heardBefore)
        #expect(fourth.output.contains("on_alert: no new alerts in this run"))

        // lake alerts lists what is open, as JSON lines.
        let listed = try AlertList(projectDirectory: project.root, profile: .init()).render(all: false, format: .json)
        let open = try project.count("SELECT count(*) FROM gold_alerts WHERE state = 'open'")
        #expect(listed.split(separator: "\n").count == open)
        #expect(!listed.contains("\"state\":\"resolved\""))
        let everything = try AlertList(projectDirectory: project.root, profile: .init()).render(all: true, format: .json)
        let total = try project.count("SELECT count(*) FROM gold_alerts")
        #expect(everything.split(separator: "\n").count == total)
    }

    @Test func aFailingOnAlertCommandIsReportedAndTheRunStands() throws {
        let project = try tinyProject()
        var yaml = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "on_alert: cat >> heard.jsonl", with: "on_alert: echo 'webhook refused' >&2; exit 7")
        try yaml.write(toFile: project.path("lake.yml"), atomically: true, encoding: .utf8)
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(output.contains("exited with status 7: webhook refused"))
        #expect(try project.count("SELECT count(*) FROM gold_alerts WHERE kind = 'budget_80' AND state = 'open'") == 1)
        let log = try String(contentsOfFile: project.path("target/logs/lake.log"), encoding: .utf8)
        #expect(log.contains("WARN on_alert"))
    }

    /// A generated trace landing hour by hour: a machine's I/O fault appears (its first day complete),
    /// persists (half of its second day in) and clears (two healthy days later). One alert throughout,
    /// opened, seen again, resolved; on_alert hears of it once.
    @Test func aSickMachineAlertAppearsPersistsAndClearsAcrossHourlyRuns() throws {
        let project = try tinyProject()
        for table in ["pai_machine_spec", "pai_machine_metric", "pai_sensor_table", "pai_group_tag_table", "pai_job_table",
                      "pai_task_table", "pai_instance_table"] {
            try FileManager.default.removeItem(atPath: project.path("data_raw/\(table).csv"))
        }
        let drops = project.path("drops")
        var settings = TraceGenerator.Settings(output: drops, machineSpec: LakehouseProject.repository + "/data_raw/pai_machine_spec.csv")
        (settings.scale, settings.days, settings.seed, settings.hourly) = (0.001, 21, 5, true)
        _ = try TraceGenerator(settings: settings).run()
        let labels = try String(contentsOfFile: drops + "/machine_anomaly_labels.csv", encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",").map(String.init) }.filter { $0.count > 2 && $0[2] == "io_bound" }
        let machine = try #require(labels.first?[1]), days = labels.filter { $0[1] == machine }.map { $0[0] }.sorted()
        let first = try #require(days.first), last = try #require(days.last)
        func day(_ text: String, plus offset: Int) -> String {
            let formatter = DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: formatter.date(from: text)!.addingTimeInterval(Double(offset) * 86_400))
        }
        /// Moves every hourly drop up to `hour` (e.g. 1970-01-12T23) into data_raw/.
        func land(through hour: String) throws {
            let manager = FileManager.default
            for table in try manager.contentsOfDirectory(atPath: drops) where table.hasPrefix("pai_") {
                try manager.createDirectory(atPath: project.path("data_raw/\(table)"), withIntermediateDirectories: true)
                for folder in try manager.contentsOfDirectory(atPath: drops + "/" + table) where String(folder.dropFirst("hour=".count)) <= hour {
                    try manager.moveItem(atPath: "\(drops)/\(table)/\(folder)", toPath: project.path("data_raw/\(table)/\(folder)"))
                }
            }
        }
        func alert() throws -> [[DuckDBValue]] {
            try project.query("""
                SELECT state, first_seen_run, last_seen_run, resolved_run FROM gold_alerts
                WHERE kind = 'sick_machine' AND subject = '\(machine)' AND since = '\(first)'
                """).rows
        }

        try land(through: first + "T23")
        let appears = try project.run()
        #expect(appears.summary.exitCode == 0, "\(appears.output)")
        let run1 = appears.summary.runId
        #expect(try alert() == [["open", .varchar(run1), .varchar(run1), .null]])
        let id = try project.query("SELECT alert_id FROM gold_alerts WHERE kind = 'sick_machine' AND subject = '\(machine)'").scalar(String.self)!

        try land(through: day(first, plus: 1) + "T12")
        let persists = try project.run()
        #expect(persists.summary.exitCode == 0, "\(persists.output)")
        #expect(try alert() == [["open", .varchar(run1), .varchar(persists.summary.runId), .null]])

        try land(through: day(last, plus: 2) + "T23")
        let clears = try project.run()
        #expect(clears.summary.exitCode == 0, "\(clears.output)")
        #expect(try alert() == [["resolved", .varchar(run1), .varchar(persists.summary.runId), .varchar(clears.summary.runId)]])
        #expect(try project.count("SELECT count(*) FROM gold_alerts WHERE kind = 'sick_machine' AND subject = '\(machine)'") == 1)
        #expect(try heard(project).filter { $0 == id }.count == 1)
    }
}
