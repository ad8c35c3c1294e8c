import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// dbt's snapshots (Fixtures/snapshots): a timestamp strategy, a check strategy invalidating hard
/// deletes and a snapshot declared in YAML (check on all columns, ignoring hard deletes), run, then run again after the seed changed one row, lost one and gained one. Every
/// expected row is what dbt-duckdb 1.10 (dbt-core 1.10.23) built from this fixture with the same
/// two `dbt build` runs on 2026-12-02 (dbt_scd_id included; the check strategy's times are the
/// run's own, so only whether a version is current is compared).
@Suite struct DbtSnapshotTests {
    @Test func twoRunsRecordEveryVersionAsDbtDoes() throws {
        let project = try FixtureProject("snapshots")
        let first = try project.run()
        #expect(first.summary.exitCode == 0, "\(first.output)")
        #expect(first.output.contains("OK    snapshot customers_history ................. 3 rows"))
        try project.write("seeds/customers.csv", """
            id,name,tier,updated_at
            1,alice,gold,2024-01-01 00:00:00
            2,bob,gold,2024-02-01 00:00:00
            4,dave,silver,2024-02-01 00:00:00

            """)
        let second = try project.run()
        #expect(second.summary.exitCode == 0, "\(second.output)")
        #expect(second.summary.result(for: "customers_history")?.uniqueId == "snapshot.snapshotted.customers_history")

        let history = try project.query("""
            SELECT concat_ws('|', id, name, tier, dbt_scd_id, dbt_updated_at, dbt_valid_from, coalesce(CAST(dbt_valid_to AS VARCHAR), 'current'))
            FROM snapshots.customers_history ORDER BY id, dbt_valid_from
            """, warehouse: "dev.duckdb")
        #expect(history.rows == [
            ["1|alice|gold|8bd6037542377309505ab720e545f24e|2024-01-01 00:00:00|2024-01-01 00:00:00|current"],
            ["2|bob|silver|f8e4dcba7004839b9c5b44a77923cd0a|2024-01-01 00:00:00|2024-01-01 00:00:00|2024-02-01 00:00:00"],
            ["2|bob|gold|30acef375f593e281672ea14aa7ec237|2024-02-01 00:00:00|2024-02-01 00:00:00|current"],
            // Gone from the seed, kept current: this snapshot ignores hard deletes (dbt's default).
            ["3|carol|bronze|36d97e6f161bf778b28647771ac013ae|2024-01-01 00:00:00|2024-01-01 00:00:00|current"],
            ["4|dave|silver|d7dca5374327b22f4249cf80d33a6ac2|2024-02-01 00:00:00|2024-02-01 00:00:00|current"],
        ])
        let tiers = try project.query("""
            SELECT id, tier, dbt_valid_to IS NULL, dbt_valid_from = dbt_updated_at FROM snapshots.customer_tiers ORDER BY id, dbt_valid_from
            """, warehouse: "dev.duckdb")
        #expect(tiers.rows == [[1, "gold", true, true], [2, "silver", false, true], [2, "gold", true, true],
                               [3, "bronze", false, true], [4, "silver", true, true]])
        #expect(try project.query("SELECT id, tier FROM current_tiers ORDER BY id", warehouse: "dev.duckdb").rows
                == [[1, "gold"], [2, "gold"], [4, "silver"]])
        let columns = try project.query("""
            SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = 'snapshots' AND table_name = 'customer_tiers'
            """, warehouse: "dev.duckdb")
        #expect(columns.rows == [["id INTEGER, name VARCHAR, tier VARCHAR, dbt_scd_id VARCHAR, dbt_updated_at TIMESTAMP, dbt_valid_from TIMESTAMP, dbt_valid_to TIMESTAMP"]])

        // Declared in YAML (dbt 1.9: `relation:`), strategy check on all columns.
        let declared = try project.query(
            "SELECT id, tier, dbt_valid_to IS NULL FROM snapshots.customers_all_columns ORDER BY id, dbt_valid_from", warehouse: "dev.duckdb")
        #expect(declared.rows == [[1, "gold", true], [2, "silver", false], [2, "gold", true], [3, "bronze", true], [4, "silver", true]])

        // A third run with nothing changed adds no version.
        let third = try project.run { $0.scope = .snapshotsOnly }
        #expect(third.summary.results.count == 3)
        #expect(try project.query("SELECT count(*) FROM snapshots.customers_history", warehouse: "dev.duckdb").rows == [[5]])
    }
}
