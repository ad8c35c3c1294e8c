import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// dbt-duckdb's merge incremental strategy (Fixtures/merging), run twice with the seed changed in
/// between. Expected rows: dbt-duckdb 1.10 (dbt-core 1.10.23) on the same two `dbt build` runs,
/// 2026-12-02: row 2 updated (every column, or only `v` with merge_update_columns), row 3 inserted,
/// row 1 kept.
@Suite struct DbtMergeTests {
    @Test func mergeUpdatesMatchedRowsAndInsertsTheRest() throws {
        let project = try FixtureProject("merging")
        #expect(try project.run().summary.exitCode == 0)
        try project.write("seeds/changes.csv", "id,v,w\n2,B,Y\n3,c,z\n")
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        let rows = try project.query("SELECT 'all', * FROM merged_all UNION ALL SELECT 'v', * FROM merged_v ORDER BY ALL", warehouse: "dev.duckdb")
        #expect(rows.rows == [["all", 1, "a", "x"], ["all", 2, "B", "Y"], ["all", 3, "c", "z"],
                              ["v", 1, "a", "x"], ["v", 2, "B", "y"], ["v", 3, "c", "z"]])
    }

    /// on_schema_change: sync_all_columns, as dbt-duckdb 1.10 left this fixture's `synced` after
    /// the same two runs (the second with --vars '{second: true}'): the dropped column gone, the
    /// added one there, null in the row the first run wrote.
    @Test func syncAllColumnsAddsAndDropsColumns() throws {
        let project = try FixtureProject("merging")
        #expect(try project.run().summary.exitCode == 0)
        try project.write("seeds/changes.csv", "id,v,w\n2,B,Y\n3,c,z\n")
        let (summary, output) = try project.run { $0.variables = ["second": .bool(true)] }
        #expect(summary.exitCode == 0, "\(output)")
        #expect(try project.query("SELECT id, v, added FROM synced ORDER BY id", warehouse: "dev.duckdb").rows
                == [[1, 10, .null], [2, 20, "new"], [3, 30, "new"]])
        #expect(try project.query("SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'synced'",
                                  warehouse: "dev.duckdb").rows == [["id INTEGER, v INTEGER, added VARCHAR"]])
    }
}
