import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// A project naming its own schemas and aliases (Fixtures/naming): its generate_schema_name and
/// generate_alias_name macros decide where each model lands. The expected relations are what dbt-duckdb 1.10
/// (dbt-core 1.10.23) built from this fixture with `dbt build` on 2026-12-02.
@Suite struct DbtNamingTests {
    @Test func theProjectsNamingMacrosPlaceEveryModel() throws {
        let project = try FixtureProject("naming")
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        let relations = try project.query("SELECT table_schema, table_name, table_type FROM information_schema.tables ORDER BY ALL",
                                          warehouse: "dev.duckdb")
        #expect(relations.rows == [
            ["main", "orders", "BASE TABLE"], ["marts", "alpha", "BASE TABLE"], ["marts", "beta", "BASE TABLE"],
            ["marts", "delta_renamed", "BASE TABLE"], ["marts", "gamma", "BASE TABLE"], ["staging", "orders", "VIEW"],
        ])
        #expect(try project.query("SELECT n, model FROM marts.alpha", warehouse: "dev.duckdb").rows == [[4, "alpha"]])
        #expect(try project.query("SELECT total FROM marts.delta_renamed", warehouse: "dev.duckdb").rows == [[.double(137.75)]])
    }
}
