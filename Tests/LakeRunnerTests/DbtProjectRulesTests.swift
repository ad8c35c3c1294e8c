import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// How dbt reads a project (Fixtures/project_rules): the profile's `schema:` as the target schema,
/// a source without `schema:` in the schema of its name, Jinja in dbt_project.yml's configuration
/// (a materialization by target type, a seed enabled by a var), `docs-paths`, a package's own
/// `vars:` under the root project's scoped ones, a package's generic test under its
/// `tests/generic/`, store_failures tables named by generate_schema_name (`+schema: audit`), test
/// unique ids with dbt's hash, persist_docs, a seed's columns typed as agate types them (a time of
/// day stays text, `1.0` is a whole number), a failing model whose relationships test holds back
/// nothing that reads only the other side, `--exclude` taking a model's tests with it, and an
/// exposure (a no-op node, and `+exposure:` selecting what it reads). Every expected value is what dbt-duckdb 1.10 (dbt-core 1.10.23)
/// built from this fixture with `dbt build` on 2026-12-02 — except `copied`, which dbt builds with
/// the project's own `{% materialization copy_table %}` and lake refuses by name.
@Suite struct DbtProjectRulesTests {
    @Test func aProjectIsReadAsDbtReadsIt() throws {
        let project = try FixtureProject("project_rules")
        let (summary, output) = try project.run()
        // dbt: PASS=13 WARN=1 ERROR=1 SKIP=1 NO-OP=1, its two on-run-start hooks counted; `copied` is
        // lake's one error more and one pass less.
        #expect(output.contains("Done. PASS=12 WARN=1 ERROR=2 SKIP=1 NO-OP=1"), "\(output)")
        // An exposure is a node with nothing to run (dbt build's NO-OP).
        #expect(summary.result(for: "events_dashboard")?.status == .noOp)
        #expect(summary.result(for: "events_dashboard")?.uniqueId == "exposure.rules.events_dashboard")
        #expect(try project.query("SELECT table_schema, table_name, table_type FROM information_schema.tables ORDER BY ALL", warehouse: "dev.duckdb").rows == [
            ["analytics", "a", "BASE TABLE"], ["analytics", "c", "BASE TABLE"], ["analytics", "hours", "BASE TABLE"],
            ["analytics", "pkg_limits", "VIEW"], ["analytics", "template_bits", "BASE TABLE"], ["analytics", "v", "VIEW"],
            ["analytics_audit", "accepted_values_c_id__False___1____var_rules_limit_int_5_", "BASE TABLE"],
            ["analytics_audit", "has_rows_warning_template_bits_", "BASE TABLE"],
            ["analytics_audit", "helper_pkg_pkg_positive_a_id", "BASE TABLE"], ["analytics_audit", "not_null_a_id", "BASE TABLE"],
            ["analytics_audit", "source_unique_raw_events_id", "BASE TABLE"],
            ["raw", "events", "BASE TABLE"],
        ])
        #expect(try project.query("SELECT * FROM analytics.a ORDER BY id", warehouse: "dev.duckdb").rows == [[1, "analytics", "a"], [2, "analytics", "a"]])
        #expect(try project.query("SELECT * FROM analytics.pkg_limits", warehouse: "dev.duckdb").rows == [[3, 10]])
        // A dict keyed by a relation, set(), a var holding Jinja; a test definition's config(severity='warn').
        #expect(try project.query("SELECT * FROM analytics.template_bits", warehouse: "dev.duckdb").rows == [[1, "a,b", 7]])
        #expect(summary.result(for: "has_rows_warning_template_bits_")?.status == .warn)
        #expect(try project.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'hours' ORDER BY ordinal_position",
                                  warehouse: "dev.duckdb").rows == [["id", "INTEGER"], ["opens", "VARCHAR"], ["ratio", "INTEGER"], ["price", "DOUBLE"]])
        #expect(try project.query("SELECT opens, ratio FROM analytics.hours ORDER BY id", warehouse: "dev.duckdb").rows == [["08:00:00", 1], ["17:30:00", -2]])
        #expect(try project.query("SELECT table_name, comment FROM duckdb_tables() WHERE comment IS NOT NULL", warehouse: "dev.duckdb").rows
                == [["a", "Every event, once."]])
        #expect(try project.query("SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL", warehouse: "dev.duckdb").rows
                == [["a", "id", "The event's id"], ["c", "id", ""]])
        // The accepted values render ({{ 1 }}, a var's Jinja) where the test runs; its name keeps them as written.
        #expect(summary.results.map(\.uniqueId).filter { $0.hasPrefix("test.") }.sorted() == [
            "test.rules.accepted_values_c_id__False___1____var_rules_limit_int_5_.f7ce06be44",
            "test.rules.has_rows_warning_template_bits_.30211349be", "test.rules.helper_pkg_pkg_positive_a_id.ebc9b4a2ea", "test.rules.not_null_a_id.c1cebc1440",
            "test.rules.relationships_broken_id__id__ref_a_.493de68e82", "test.rules.source_unique_raw_events_id.207e922098",
        ])
        #expect(summary.result(for: "accepted_values_c_id__False___1____var_rules_limit_int_5_")?.status == .pass)
        // A source's fqn holds the folders of its YAML (dbt ls -s staging: the source and its test).
        #expect(try Selector(graph: try ProjectCompiler.compile(try Project.load(root: project.root))).select(["staging"])
                .sorted() == ["source.rules.raw.events", "test.rules.source_unique_raw_events_id.207e922098"])
        // broken fails; its relationships test is skipped, and c (reading only a) is built.
        #expect(summary.result(for: "broken")?.status == .error)
        #expect(summary.result(for: "relationships_broken_id__id__ref_a_")?.status == .skipped)
        #expect(summary.result(for: "c")?.status == .success)
        #expect(summary.result(for: "v")?.status == .success)
        #expect(summary.result(for: "copied")?.message.contains("custom materialization ({% materialization copy_table %} in macros/copy_table.sql)") == true)
        // The seed is enabled only by the var its +enabled renders.
        #expect(summary.result(for: "optional_seed") == nil)
        let graph = try ProjectCompiler.compile(try Project.load(root: project.root))
        #expect(graph.node(named: "a")?.description == "Every event, once.")
        let seeded = try project.run { $0.variables = ["load_seeds": .bool(true)]; $0.select = ["optional_seed"] }
        #expect(seeded.summary.result(for: "optional_seed")?.status == .success)

        // dbt ls --exclude broken --resource-type test: broken's relationships test goes with it.
        let tests = try Selector(graph: graph).select([], exclude: ["broken"]).compactMap { graph.nodes[$0] }.filter { $0.kind == .test }.map(\.name).sorted()
        #expect(tests == ["accepted_values_c_id__False___1____var_rules_limit_int_5_", "has_rows_warning_template_bits_",
                          "helper_pkg_pkg_positive_a_id", "not_null_a_id", "source_unique_raw_events_id"])
        // dbt ls -s +exposure:events_dashboard
        let upstream = try Selector(graph: graph).select(["+exposure:events_dashboard"]).compactMap { graph.nodes[$0] }.map(\.uniqueId).sorted()
        #expect(upstream == ["exposure.rules.events_dashboard", "model.rules.a", "model.rules.c", "model.rules.v", "source.rules.raw.events",
                             "test.rules.accepted_values_c_id__False___1____var_rules_limit_int_5_.f7ce06be44",
                             "test.rules.helper_pkg_pkg_positive_a_id.ebc9b4a2ea", "test.rules.not_null_a_id.c1cebc1440",
                             "test.rules.relationships_broken_id__id__ref_a_.493de68e82", "test.rules.source_unique_raw_events_id.207e922098"])
    }
}

/// A saved query (dbt's semantic layer, Fixtures/saved_queries) is a node with nothing to run:
/// dbt-duckdb 1.10 reported `saved_query.sq.sq1` NO-OP (PASS=2 NO-OP=1) on this fixture, 2026-12-02.
@Suite struct DbtSavedQueryTests {
    @Test func aSavedQueryIsANoOpNode() throws {
        let project = try FixtureProject("saved_queries")
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=1"), "\(output)")
        #expect(summary.result(for: "sq1")?.uniqueId == "saved_query.sq.sq1")
        #expect(summary.result(for: "sq1")?.status == .noOp && summary.result(for: "sq1")?.failures == 0)
        #expect(output.contains("lake does not run the semantic layer: `saved_queries:` are nodes with nothing to run"))
    }
}
