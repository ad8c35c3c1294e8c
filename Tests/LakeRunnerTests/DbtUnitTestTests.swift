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

    /// `overrides: macros: fleet_utils.cents` replaces the package's macro where the model calls it
    /// by its namespace, and leaves the package's other macros alone (dbt-audit-helper's unit tests
    /// override `audit_helper._get_comparison_bounds` so). dbt build of Fixtures/packaged with this
    /// model and unit test (dbt-core 1.10.23, dbt-duckdb 1.10.1) on 2026-12-03: the unit test passes.
    @Test func aUnitTestOverridesAPackagesMacro() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/cents_of.sql", """
            select id, {{ fleet_utils.cents('amount') }} as cents, {{ fleet_utils.label("'X'") }} as label from {{ ref('orders') }}
            """)
        try project.write("models/cents_of.yml", """
            unit_tests:
              - name: package_macro_overridden
                model: cents_of
                overrides:
                  macros:
                    fleet_utils.cents: 7
                given:
                  - input: ref('orders')
                    rows:
                      - {id: 1, amount: 2.5}
                expect:
                  rows:
                    - {id: 1, cents: 7, label: x}
            """)
        let (summary, output) = try project.run()
        #expect(summary.result(for: "package_macro_overridden")?.status == .pass, "\(output)")
        #expect(output.contains("Done. PASS=13 WARN=2 ERROR=0 SKIP=0"), "\(output)")
    }
}
