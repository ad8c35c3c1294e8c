import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// dbt's unit tests (Fixtures/unit_tests): dict, csv and sql fixtures, fixture files, a var
/// override, an is_incremental override reading `this`, and a wrong expectation. The expected
/// outcomes are dbt-duckdb 1.10's (dbt-core 1.10.23) for `dbt seed`, `dbt run`, then `dbt test` on
/// this fixture on 2026-12-02: four pass, a_wrong_expectation fails with one differing row (carol's total is
/// 1.0, not 2.0).
@Suite struct DbtUnitTestTests {
    static let unitTests = ["a_wrong_expectation", "only_newer_rows_when_incremental", "totals_per_customer", "vip_threshold_override",
                            "fixture_files"]

    @Test func unitTestsPassAndFailAsDbtsDo() throws {
        let project = try FixtureProject("unit_tests")
        let built = try project.run { $0.exclude = Self.unitTests }
        #expect(built.summary.exitCode == 0, "\(built.output)")
        let (summary, output) = try project.run { $0.scope = .testsOnly }
        #expect(summary.results.count == 5)
        // fixture_files reads its rows from tests/fixtures/ (a csv given, a sql expectation).
        for name in ["totals_per_customer", "vip_threshold_override", "only_newer_rows_when_incremental", "fixture_files"] {
            #expect(summary.result(for: name)?.status == .pass, "\(name): \(output)")
        }
        let wrong = try #require(summary.result(for: "a_wrong_expectation"))
        #expect(wrong.uniqueId == "unit_test.unit_tested.customer_totals.a_wrong_expectation")
        #expect(wrong.status == .fail && wrong.failures == 1)
        #expect(output.contains("actual    carol | 1.0\n") && output.contains("expected  carol | 2.0\n"), "\(output)")
    }

    /// In a full run a unit test runs before its model and gates it, as in `dbt build`: the
    /// failing one skips customer_totals, and the incremental one cannot read `this` on a fresh
    /// warehouse (dbt: "Not able to get columns for unit test 'recent_orders' ... doesn't exist").
    @Test func aFailingUnitTestSkipsItsModel() throws {
        let project = try FixtureProject("unit_tests")
        let (summary, output) = try project.run()
        #expect(summary.result(for: "a_wrong_expectation")?.status == .fail)
        #expect(summary.result(for: "customer_totals")?.status == .skipped)
        // As in dbt build (task/build.py), a model's unit tests run one after another and the first
        // failure skips the rest: here fixture_files, declared after the failing one.
        #expect(summary.result(for: "fixture_files")?.status == .skipped)
        #expect(summary.result(for: "totals_per_customer")?.status == .pass)
        let incremental = try #require(summary.result(for: "only_newer_rows_when_incremental"))
        #expect(incremental.status == .error)
        #expect(incremental.message.contains("\"main\".\"recent_orders\""), "\(output)")
    }
}
