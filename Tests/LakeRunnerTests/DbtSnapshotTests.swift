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

    /// Fixtures/snapshot_changes: rows deleted and brought back under `hard_deletes: new_record`
    /// (timestamp and check strategies), a check strategy timed by `updated_at`, and a column added
    /// to the query. Expected rows are what dbt-duckdb 1.10 (dbt-core 1.10.23) built from this
    /// fixture with the same three runs on 2026-12-02 (the third with --full-refresh, which dbt needs
    /// to reload a seed that gained a column and which leaves snapshots alone). Where a value is a
    /// run's own time, it is written `t1`, `t2`… in the order of the times in that table, and the
    /// ids made from it are checked by recomputing dbt's hash.
    @Test func deletionsRecordsAndNewColumnsAsDbt() throws {
        let project = try FixtureProject("snapshot_changes")
        #expect(try project.run().summary.exitCode == 0)
        try project.write("seeds/customers.csv", """
            id,name,tier,updated_at
            1,alice,gold,2024-01-01 00:00:00
            2,bob,gold,2024-02-01 00:00:00
            4,dave,silver,2024-02-01 00:00:00

            """)
        #expect(try project.run().summary.exitCode == 0)
        try project.write("seeds/customers.csv", """
            id,name,tier,updated_at,region
            1,alice,gold,2024-01-01 00:00:00,north
            2,bob,gold,2024-02-01 00:00:00,south
            3,carol,silver,2024-03-01 00:00:00,east
            4,dave,silver,2024-02-01 00:00:00,west

            """)
        let third = try project.run { $0.fullRefresh = true }
        #expect(third.summary.exitCode == 0, "\(third.output)")

        /// The snapshot's rows as text, the run times in it named by their order.
        func versions(_ table: String, _ columns: String) throws -> [String] {
            let rows = try project.query("SELECT concat_ws('|', \(columns)) FROM snapshots.\(table) ORDER BY id, dbt_valid_from", warehouse: "dev.duckdb")
                .rows.map { $0[0].description }
            let times = Set(rows.flatMap { $0.split(separator: "|").map(String.init) }.filter { $0.hasPrefix("20") && $0 > "2025" }).sorted()
            return rows.map { row in
                row.split(separator: "|", omittingEmptySubsequences: false).map { field in
                    times.firstIndex(of: String(field)).map { "t\($0 + 1)" } ?? String(field)
                }.joined(separator: "|")
            }
        }
        let layout = """
            SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = 'snapshots' AND table_name = ?
            """
        func columns(_ table: String) throws -> String? {
            try project.query(layout.replacingOccurrences(of: "?", with: "'\(table)'"), warehouse: "dev.duckdb").rows.first?.first?.description
        }
        #expect(try columns("customers_deletions") == "id INTEGER, name VARCHAR, tier VARCHAR, updated_at TIMESTAMP, dbt_scd_id VARCHAR, dbt_updated_at TIMESTAMP, dbt_valid_from TIMESTAMP, dbt_valid_to TIMESTAMP, dbt_is_deleted VARCHAR, region VARCHAR")
        let meta = "id, name, tier, dbt_valid_from, coalesce(CAST(dbt_valid_to AS VARCHAR), 'current'), dbt_is_deleted, coalesce(region, '-')"
        // Carol, deleted in run 2, is closed then and gets a deletion record; back in run 3 with a
        // later updated_at, the deletion record is closed at that time (dbt's own choice).
        let deletionId = "CASE dbt_is_deleted WHEN 'True' THEN CAST(dbt_scd_id = md5('36d97e6f161bf778b28647771ac013ae|' || CAST(dbt_valid_from AS VARCHAR)) AS VARCHAR) ELSE dbt_scd_id END"
        #expect(try versions("customers_deletions", meta + ", " + deletionId) == [
            "1|alice|gold|2024-01-01 00:00:00|current|False|-|8bd6037542377309505ab720e545f24e",
            "2|bob|silver|2024-01-01 00:00:00|2024-02-01 00:00:00|False|-|f8e4dcba7004839b9c5b44a77923cd0a",
            "2|bob|gold|2024-02-01 00:00:00|current|False|-|30acef375f593e281672ea14aa7ec237",
            "3|carol|bronze|2024-01-01 00:00:00|t1|False|-|36d97e6f161bf778b28647771ac013ae",
            "3|carol|silver|2024-03-01 00:00:00|current|False|east|4decfd410d34bf1c19c59125b682ba5e",
            "3|carol|bronze|t1|2024-03-01 00:00:00|True|-|true",
            "4|dave|silver|2024-02-01 00:00:00|current|False|-|d7dca5374327b22f4249cf80d33a6ac2",
        ])

        // Check on all columns, `dbt_valid_to_current` set: the new column changes every current row.
        #expect(try versions("customers_checked", meta) == [
            "1|alice|gold|t1|t3|False|-", "1|alice|gold|t3|9999-12-31 00:00:00|False|north",
            "2|bob|silver|t1|t2|False|-", "2|bob|gold|t2|t3|False|-", "2|bob|gold|t3|9999-12-31 00:00:00|False|south",
            "3|carol|bronze|t1|t2|False|-", "3|carol|bronze|t2|t3|True|-", "3|carol|silver|t3|9999-12-31 00:00:00|False|east",
            "4|dave|silver|t2|t3|False|-", "4|dave|silver|t3|9999-12-31 00:00:00|False|west",
        ])
        #expect(try project.query("""
            SELECT count(*) FILTER (WHERE dbt_scd_id = CASE dbt_is_deleted WHEN 'False' THEN md5(id || '|' || CAST(dbt_valid_from AS VARCHAR)) END)
            FROM snapshots.customers_checked
            """, warehouse: "dev.duckdb").rows == [[9]])

        // Check on `tier` only, timed by updated_at and keyed by two columns: the new column changes nothing.
        #expect(try columns("tiers_timed") == "id INTEGER, name VARCHAR, tier VARCHAR, updated_at TIMESTAMP, dbt_scd_id VARCHAR, dbt_updated_at TIMESTAMP, dbt_valid_from TIMESTAMP, dbt_valid_to TIMESTAMP, region VARCHAR")
        #expect(try versions("tiers_timed", "id, name, tier, dbt_scd_id, dbt_updated_at, coalesce(CAST(dbt_valid_to AS VARCHAR), 'current'), coalesce(region, '-')") == [
            "1|alice|gold|62830da25b44e984c98e4343020d3417|2024-01-01 00:00:00|current|-",
            "2|bob|silver|b93c0336e5b923d9302ff338856e1eea|2024-01-01 00:00:00|2024-02-01 00:00:00|-",
            "2|bob|gold|7afa33d31f2016e79930e101129e67f0|2024-02-01 00:00:00|current|-",
            "3|carol|bronze|b1679e5d3fe8434879b8c82d2018b838|2024-01-01 00:00:00|2024-03-01 00:00:00|-",
            "3|carol|silver|29ab6df75210f706fbcae12489b23e4c|2024-03-01 00:00:00|current|east",
            "4|dave|silver|918d2028edc100b28f94154b6df23010|2024-02-01 00:00:00|current|-",
        ])
    }

    /// A snapshot's `depends_on.macros` names the macros its block calls itself, as dbt's parser
    /// records them (not the macros those call). Expected: `dbt parse` (dbt-core 1.10, dbt-duckdb
    /// 1.10) of this fixture with these files, 2026-12-03.
    @Test func aSnapshotRecordsTheMacrosItsBlockCalls() throws {
        let project = try FixtureProject("snapshots")
        try project.write("macros/m.sql", "{% macro tier_column() %}tier{% endmacro %}{% macro wrap() %}{{ tier_column() }}{% endmacro %}")
        try project.write("snapshots/macro_snap.sql", """
            {% snapshot macro_snap %}
            {{ config(unique_key='id', strategy='check', check_cols=['tier']) }}
            select id, {{ wrap() }} as tier, cast(id as {{ dbt.type_string() }}) as t from {{ ref('customers') }}
            {% endsnapshot %}
            """)
        let (summary, output) = try project.run { $0.select = ["+macro_snap"] }
        #expect(summary.exitCode == 0, "\(output)")
        let nodes = try #require(try project.json("target/manifest.json")["nodes"] as? [String: Any])
        let snapshot = try #require(nodes["snapshot.snapshotted.macro_snap"] as? [String: Any])
        #expect((snapshot["depends_on"] as? [String: Any])?["macros"] as? [String] == ["macro.snapshotted.wrap", "macro.dbt.type_string"])
    }
}
