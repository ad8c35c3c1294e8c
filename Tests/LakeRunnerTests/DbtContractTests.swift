import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// dbt's model contracts (Fixtures/contracts): the kept one builds its table with the declared
/// types, in the contract's order, `not_null` and `unique` enforced; the broken one fails with
/// dbt's table of mismatches; the constrained one gets every kind of constraint (primary key,
/// unique, check on a column and, named, on the model, a foreign key to `ref('kept')`) in its DDL;
/// one whose rows break a check fails; a contracted view is checked (and one whose type differs
/// fails) and created as it is. Every outcome is dbt-duckdb 1.10's (dbt-core 1.10.23) on this
/// fixture, 2026-12-02, constraints as DuckDB lists them in duckdb_constraints().
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

        #expect(try project.query("SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL", warehouse: "dev.duckdb").rows == [
            ["constrained", "CHECK", "CHECK((id <= 100))"], ["constrained", "CHECK", "CHECK((qty > 0))"],
            ["constrained", "FOREIGN KEY", "FOREIGN KEY (kept_id) REFERENCES main.kept(id)"], ["constrained", "NOT NULL", "NOT NULL"],
            ["constrained", "PRIMARY KEY", "PRIMARY KEY(id)"], ["constrained", "UNIQUE", "UNIQUE(code)"],
            ["kept", "NOT NULL", "NOT NULL"], ["kept", "UNIQUE", "UNIQUE(id)"],
        ])
        #expect(summary.result(for: "violating")?.message.contains("CHECK constraint failed on table violating with expression CHECK((qty > 0))") == true)
        #expect(summary.result(for: "contracted_view")?.status == .success)
        #expect(summary.result(for: "mistyped_view")?.status == .error)
        #expect(output.contains("""
            | column_name | definition_type | contract_type | mismatch_reason    |
                  | ----------- | --------------- | ------------- | ------------------ |
                  | id          | DECIMAL(2,1)    | INTEGER       | data type mismatch |
            """), "\(output)")
    }
}
