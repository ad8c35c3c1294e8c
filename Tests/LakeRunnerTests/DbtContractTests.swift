import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// dbt's model contracts (Fixtures/contracts): the kept one builds its table with the declared
/// types, in the contract's order, `not_null` enforced; the broken one fails with dbt's table of
/// mismatches. Both outcomes are dbt-duckdb 1.10's (dbt-core 1.10.23) on this fixture, 2026-12-02.
@Suite struct DbtContractTests {
    @Test func anEnforcedContractShapesTheTableOrFailsTheModel() throws {
        let project = try FixtureProject("contracts")
        let (summary, output) = try project.run()
        #expect(summary.result(for: "kept")?.status == .success)
        let columns = try project.query("""
            SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'kept' ORDER BY ordinal_position
            """, warehouse: "dev.duckdb")
        #expect(columns.rows == [["id", "INTEGER", "NO"], ["name", "VARCHAR", "YES"]])
        #expect(summary.result(for: "broken")?.status == .error)
        #expect(output.contains("""
            | column_name | definition_type | contract_type | mismatch_reason       |
                  | ----------- | --------------- | ------------- | --------------------- |
                  | extra       | VARCHAR         |               | missing in contract   |
                  | id          | INTEGER         | VARCHAR       | data type mismatch    |
                  | label       |                 | VARCHAR       | missing in definition |
            """), "\(output)")
        // The table is not built when its contract fails.
        #expect(try project.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'broken'", warehouse: "dev.duckdb").rows == [[0]])
    }
}
