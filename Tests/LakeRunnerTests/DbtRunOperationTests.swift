import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// `lake run-operation`, dbt's run-operation, on the packaged fixture: a package's macro by its
/// namespace with `--args`, a bare name found in the root project before a package, log and print
/// lines shown as they happen, refs named, a failing macro's statements before the failure kept.
///
/// Expected values: `dbt run-operation` (dbt-core 1.10.23, dbt-duckdb 1.10.1, DuckDB 1.4.4) on a
/// copy of this fixture after `dbt seed`, in a scratch environment on 2026-12-03. Where lake
/// differs on purpose, the test says so.
@Suite struct DbtRunOperationTests {
    @Test func aPackagesMacroRunsWithItsArgumentsAndSaysWhatItDid() throws {
        let project = try FixtureProject("packaged")
        let (summary, output) = try project.runOperation("fleet_utils.price_list", arguments: ["name": .string("price_list"), "rows": .int(3)])
        #expect(!summary.failed)
        // log(info=True) is shown; log() alone is not.
        #expect(output == "price list price_list: 3 rows\n")
        #expect(try project.query("SELECT gpu, price::VARCHAR FROM price_list ORDER BY 1", warehouse: "dev.duckdb").rows
                == [[0, "0.0"], [1, "1.5"], [2, "3.0"]])
        let results = try #require(try project.json("target/run_results.json")["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results[0]["unique_id"] as? String == "macro.fleet_utils.price_list")
        #expect(results[0]["status"] as? String == "success")
        #expect(results[0]["failures"] as? Int == 0)
    }

    @Test func aBareNameIsTheRootProjectsBeforeAPackagesAndPrintNamesRelations() throws {
        let project = try FixtureProject("packaged")
        #expect(try project.runOperation("whose").output == "packaged's whose, next to \"dev\".\"main\".\"orders\"\n")
        #expect(try project.runOperation("fleet_utils.whose").output == "fleet_utils' whose\n")
        #expect(try project.runOperation("dbt.current_timestamp").output == "")
    }

    /// `run_query(...).print_table()` prints agate's table where dbt prints it (dbt run-operation,
    /// dbt-core 1.10.23, of the same macro printed the same two tables).
    @Test func aQueryResultPrintsItsTable() throws {
        let project = try FixtureProject("packaged")
        try project.write("macros/show_table.sql", """
            {% macro show_table() %}
              {% set results = run_query("select 1 as a, 'x' as b union all select 2, 'y'") %}
              {% do results.print_table() %}
              {% do results.print_table(max_rows=1) %}
            {% endmacro %}
            """)
        #expect(try project.runOperation("show_table").output
                == "| a | b |\n| - | - |\n| 1 | x |\n| 2 | y |\n| a | b |\n| - | - |\n| 1 | x |\n| ... | ... |\n")
    }

    /// `graph` holds each model's raw code, and a verbose pattern with `{{` in it and in its
    /// comments runs as Python's re runs it (codegen's generate_model_import_ctes does both).
    @Test func aMacroReadsAModelsRawCodeFromTheGraph() throws {
        let project = try FixtureProject("packaged")
        #expect(try project.runOperation("refs_of", arguments: ["model_name": .string("first_customer")]).output == "from fleet_calendar\njoin orders\n")
    }

    /// api.Relation.create without an identifier names a schema, which adapter.create_schema
    /// creates (codegen's integration project makes its source table so).
    @Test func apiRelationCreateNamesWhatItIsGiven() throws {
        let project = try FixtureProject("packaged")
        #expect(try project.runOperation("schema_table").output == "\"dev\".\"main__side\" \"dev\".\"main__side\".\"side\" x\n")
    }

    @Test func aFailingMacroFailsTheCommandAndKeepsWhatItRanBefore() throws {
        let project = try FixtureProject("packaged")
        let (summary, output) = try project.runOperation("half_done")
        #expect(summary.failed && summary.exitCode == 1)
        #expect(output.hasPrefix("warning: about to fail\nEncountered an error while running operation: macros/operations.sql:8:"), "\(output)")
        #expect(output.contains("stopped halfway"))
        #expect(try project.query("SELECT x FROM half_done", warehouse: "dev.duckdb").rows == [[1]])
        let results = try #require(try project.json("target/run_results.json")["results"] as? [[String: Any]])
        #expect(results[0]["unique_id"] as? String == "macro.packaged.half_done")
        #expect(results[0]["status"] as? String == "error")
        #expect(results[0]["failures"] as? Int == 1)
    }

    @Test func anUnknownMacroIsAnErrorThatSaysSo() throws {
        let project = try FixtureProject("packaged")
        let error = #expect(throws: LakeError.self) { try project.runOperation("nowhere") }
        #expect(error?.description.contains("no macro named 'nowhere' in packaged, its packages or dbt's") == true)
        #expect(throws: LakeError.self) { try project.runOperation("fleet_utils.half_done") }
    }

    /// The same lines in `lake run`, when a model renders before it runs (dbt also prints them
    /// while parsing; lake parses more often than dbt, so it shows them only when a node runs).
    @Test func aModelsInfoLogsAndPrintsAreShownWhenItRuns() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/logged.sql", """
            {{ log('building ' ~ this ~ ' from ' ~ ref('orders'), info=True) }}{% do print('printed too') %}{{ log('quietly') }}
            select 1 as x
            """)
        let (summary, output) = try project.run { $0.select = ["orders", "logged"] }
        #expect(!summary.failed)
        #expect(output.contains("building \"dev\".\"main\".\"logged\" from \"dev\".\"main\".\"orders\"\nprinted too\n"), "\(output)")
        #expect(!output.contains("quietly"))
    }
}
