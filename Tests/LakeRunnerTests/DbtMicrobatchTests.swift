import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// dbt's microbatch strategy (Fixtures/microbatch): daily totals of a seed configuring
/// `event_time`, built in day batches. The rows are what dbt-duckdb 1.10 (dbt-core 1.10.23) built
/// from this fixture on 2026-12-02 with the same three runs: `--event-time-start 2024-01-01
/// --event-time-end 2024-01-06`, then after two events were added (one on a day outside the next
/// window) `--event-time-start 2024-01-04 --event-time-end 2024-01-06`, then a run without a
/// window (batches around now, no data in them).
@Suite struct DbtMicrobatchTests {
    static func day(_ text: String) -> Date { Microbatch.parseTime(text)! }

    @Test func batchesBuildAsDbtBuildsThem() throws {
        let project = try FixtureProject("microbatch")
        let first = try project.run { $0.eventTimeStart = Self.day("2024-01-01"); $0.eventTimeEnd = Self.day("2024-01-06") }
        #expect(first.summary.exitCode == 0, "\(first.output)")
        let totals = "SELECT CAST(day_start AS VARCHAR), events, CAST(amount AS BIGINT) FROM daily_totals ORDER BY 1"
        #expect(try project.query(totals, warehouse: "dev.duckdb").rows == [
            ["2024-01-01", 2, 15], ["2024-01-02", 1, 7], ["2024-01-03", 1, 1], ["2024-01-04", 1, 2], ["2024-01-05", 1, 4],
        ])
        // Each batch read only its day of the events (dbt's event time filter on the ref).
        let sql = try #require(first.summary.result(for: "daily_totals")?.sql)
        #expect(sql.hasPrefix("-- 5 batches of day, 2024-01-01 00:00:00+00:00 to 2024-01-06 00:00:00+00:00"))
        // dbt-duckdb's relation needs no subquery alias, so dbt adds none (dbt build of this fixture).
        #expect(sql.contains(#"from (select * from "dev"."main"."events" where event_at >= '2024-01-05 00:00:00+00:00' and event_at < '2024-01-06 00:00:00+00:00')"#))
        #expect(!sql.contains("_dbt_et_filter_subq_"))

        try project.write("seeds/events.csv", try String(contentsOfFile: project.path("seeds/events.csv"), encoding: .utf8)
                          + "7,2024-01-03 10:00:00,100\n8,2024-01-05 10:00:00,50\n")
        let second = try project.run { $0.eventTimeStart = Self.day("2024-01-04"); $0.eventTimeEnd = Self.day("2024-01-06") }
        #expect(second.summary.exitCode == 0, "\(second.output)")
        // 2024-01-03 is outside the window: its new event waits for a run that covers it.
        let expected: [[DuckDBValue]] = [["2024-01-01", 2, 15], ["2024-01-02", 1, 7], ["2024-01-03", 1, 1], ["2024-01-04", 1, 2], ["2024-01-05", 2, 54]]
        #expect(try project.query(totals, warehouse: "dev.duckdb").rows == expected)
        #expect(try project.run().summary.exitCode == 0)
        #expect(try project.query(totals, warehouse: "dev.duckdb").rows == expected)

        // --full-refresh starts again from `begin`, up to now: every day is recomputed.
        #expect(try project.run { $0.fullRefresh = true }.summary.exitCode == 0)
        #expect(try project.query(totals, warehouse: "dev.duckdb").rows[2] == ["2024-01-03", 2, 101])
    }

    /// dbt-core's MicrobatchBuilder: the end ceiled to a batch, the start `lookback` batches before
    /// the last (which is rebuilt too), or `begin` on a first build.
    @Test func batchesAreDbtsWindows() throws {
        let now = Self.day("2026-12-02 17:58:00")
        let incremental = try Microbatch.batches(begin: nil, size: .day, lookback: 1, incremental: true, now: now, eventTimeStart: nil, eventTimeEnd: nil)
        #expect(incremental.map { Microbatch.Window.text($0.start) } == ["2026-12-01 00:00:00+00:00", "2026-12-02 00:00:00+00:00"])
        #expect(incremental.last.map { Microbatch.Window.text($0.end) } == "2026-12-03 00:00:00+00:00")
        let hours = try Microbatch.batches(begin: nil, size: .hour, lookback: 3, incremental: true, now: now, eventTimeStart: nil, eventTimeEnd: nil)
        #expect(hours.count == 4 && Microbatch.Window.text(hours[0].start) == "2026-12-02 14:00:00+00:00")
        let months = try Microbatch.batches(begin: Self.day("2026-10-15"), size: .month, lookback: 1, incremental: false, now: now, eventTimeStart: nil, eventTimeEnd: nil)
        #expect(months.map { Microbatch.Window.text($0.start) } == ["2026-10-01 00:00:00+00:00", "2026-11-01 00:00:00+00:00", "2026-12-01 00:00:00+00:00"])
        #expect(throws: ProjectError.self) { try Microbatch.batches(begin: nil, size: .day, lookback: 1, incremental: false, now: now, eventTimeStart: nil, eventTimeEnd: nil) }
    }
}
