import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// A dbt-duckdb project with a package of its own installed in dbt_packages/ (Fixtures/packaged):
/// namespaced and dispatched macros, the project's dispatch order, an override of one of dbt's own
/// macros, the package's generic tests (one setting fail_calc), a package model configured by the
/// root project and tested by the package's schema file, a package seed configured by both, a
/// generic test under the package's tests/generic/ reading its `model`'s parts, a post-hook
/// calling a package macro, Jinja in the package's dbt_project.yml and in schema YAML config,
/// `invocation_id`, and templates rendered when their node runs (columns and rows of a seed built in
/// the same run, on a fresh warehouse).
///
/// Every expected value below is what dbt-duckdb 1.10 (dbt-core 1.10.23, dbt-duckdb 1.10, DuckDB
/// 1.4.4) built from this fixture with `dbt build` in a scratch environment on 2026-12-02.
@Suite struct DbtPackageTests {
    @Test func aProjectWithItsPackageRunsAsDbtRunsIt() throws {
        let project = try FixtureProject("packaged")
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=11 WARN=2 ERROR=0 SKIP=0"), "\(output)")
        #expect(summary.results.count == 13)
        // The package's own seed and the tests of its schema file.
        #expect(summary.result(for: "not_null_fleet_calendar_day_index")?.status == .pass)
        #expect(summary.result(for: "unique_fleet_calendar_day_index")?.status == .pass)
        #expect(try project.query("SELECT gpu_type, memory_gb, typeof(memory_gb) FROM fleet_gpu_types ORDER BY 1", warehouse: "dev.duckdb").rows
                == [["T4", 16, "INTEGER"], ["V100", 32, "INTEGER"]])
        // dbt's test names: the package, the test, the model, the column, the arguments.
        let atMost = try #require(summary.result(for: "fleet_utils_at_most_order_labels_amount_cents__5000"))
        #expect(atMost.status == .warn && atMost.failures == 1)
        // The test's own config(fail_calc = 'coalesce(sum(excess), 0)') counts the failures.
        let sumAtMost = try #require(summary.result(for: "fleet_utils_sum_at_most_order_labels_amount_cents__5000"))
        #expect(sumAtMost.status == .warn && sumAtMost.failures == 5_000)
        #expect(summary.result(for: "fleet_calendar")?.uniqueId == "model.fleet_utils.fleet_calendar")
        // The package's seed is the package's node, configured by it and by the root project for it.
        #expect(summary.result(for: "fleet_gpu_types")?.uniqueId == "seed.fleet_utils.fleet_gpu_types")
        // The package's post-hook calls its own macro unqualified; `invocation_id` is the run's id.
        #expect(try project.query("SELECT stamped FROM fleet_stamp", warehouse: "dev.duckdb").rows == [["fleet_calendar"]])
        #expect(try project.query("SELECT invocation FROM run_stamp", warehouse: "dev.duckdb").rows == [[.varchar(summary.runId)]])
        // Jinja in the package's dbt_project.yml and in schema YAML config is rendered (dbt ls -s …).
        let graph = try ProjectCompiler.compile(try Project.load(root: project.root))
        func selected(_ selector: String) throws -> [String] {
            try Selector(graph: graph).select([selector], testsFollowParents: false).compactMap { graph.nodes[$0]?.name }.sorted()
        }
        #expect(try selected("tag:from_duckdb") == ["fleet_calendar"])
        #expect(try selected("tag:from_root") == ["fleet_gpu_types"])
        #expect(try selected("tag:dev") == ["order_labels"])
        // The root project's configuration above any project reaches the package's models too.
        #expect(try selected("tag:root_wide,resource_type:model") == ["first_customer", "fleet_calendar", "order_labels", "run_stamp"])
        // dbt's unique ids for generic tests: the declaring package, the name, a hash of what the test is.
        #expect(summary.results.map(\.uniqueId).filter { $0.hasPrefix("test.") }.sorted() == [
            "test.fleet_utils.not_null_fleet_calendar_day_index.0079f0e48d", "test.fleet_utils.unique_fleet_calendar_day_index.daa7e666ed",
            "test.packaged.fleet_utils_at_most_order_labels_amount_cents__5000.1211185154",
            "test.packaged.fleet_utils_in_schema_order_labels_main.3a946196ad",
            "test.packaged.fleet_utils_sum_at_most_order_labels_amount_cents__5000.e999bd873b",
            "test.packaged.not_null_order_labels_id.7f4b2b2154", "test.packaged.unique_order_labels_id.ba1af4b142",
        ])

        // manifest.json's paths and relations as dbt-duckdb 1.10's `dbt parse` wrote them for this
        // fixture: a package node's paths from the package's folder, a test's schema and alias
        // (dbt_test__audit under the target's schema; no relation_name unless it stores failures),
        // a generic test's path the SQL it compiles to.
        let manifest = try project.json("target/manifest.json")
        let nodes = try #require(manifest["nodes"] as? [String: [String: Any]])
        func fields(_ id: String) -> [String] {
            ["original_file_path", "path", "schema", "alias"].map { nodes[id]?[$0] as? String ?? "nil" }
                + [nodes[id]?["relation_name"] is NSNull ? "null" : (nodes[id]?["relation_name"] as? String ?? "absent")]
        }
        #expect(fields("model.fleet_utils.fleet_calendar") == ["models/fleet_calendar.sql", "fleet_calendar.sql", "main", "fleet_calendar",
                                                               "\"dev\".\"main\".\"fleet_calendar\""])
        #expect(fields("seed.fleet_utils.fleet_gpu_types")[0...1] == ["seeds/fleet_gpu_types.csv", "fleet_gpu_types.csv"])
        #expect(fields("test.packaged.not_null_order_labels_id.7f4b2b2154") == ["models/schema.yml", "not_null_order_labels_id.sql",
                                                                                "main_dbt_test__audit", "not_null_order_labels_id", "null"])
        #expect(fields("test.fleet_utils.unique_fleet_calendar_day_index.daa7e666ed") == [
            "models/schema.yml", "unique_fleet_calendar_day_index.sql", "main_dbt_test__audit", "unique_fleet_calendar_day_index", "null"])

        // Every node's config with dbt's defaults for its kind, key for key in dbt's order; hooks as
        // dbt's lists of {sql, transaction, index}.
        func config(_ id: String) -> [String: Any] { nodes[id]?["config"] as? [String: Any] ?? [:] }
        func keys(_ id: String) throws -> [String] {
            // JSONSerialization loses the order; the file keeps it.
            let text = try String(contentsOfFile: project.path("target/manifest.json"), encoding: .utf8)
            let start = try #require(text.range(of: "\"\(id)\""))
            let object = try #require(text[start.upperBound...].range(of: "\"config\": {\n"))
            // The config's own keys: one level deeper than its opening line, up to its closing brace.
            let lines = text[object.upperBound...].split(separator: "\n").prefix { !$0.hasPrefix("      }") }
            return lines.filter { $0.hasPrefix("        \"") }.map { String($0.dropFirst(9).prefix { $0 != "\"" }) }
        }
        #expect(config("model.packaged.order_labels").count == 29)
        #expect(config("model.packaged.order_labels")["access"] as? String == "protected")
        #expect((config("model.packaged.order_labels")["contract"] as? [String: Any])?["enforced"] as? Bool == false)
        #expect(config("seed.packaged.orders")["delimiter"] as? String == ",")
        #expect(config("seed.packaged.orders").count == 29)
        #expect(try keys("test.packaged.not_null_order_labels_id.7f4b2b2154") == [
            "enabled", "alias", "schema", "database", "tags", "meta", "group", "materialized", "severity", "store_failures",
            "store_failures_as", "where", "limit", "fail_calc", "warn_if", "error_if"])
        #expect(config("test.packaged.not_null_order_labels_id.7f4b2b2154")["schema"] as? String == "dbt_test__audit")
        let hooks = try #require(config("model.fleet_utils.fleet_calendar")["post-hook"] as? [[String: Any]])
        #expect(hooks.count == 1 && hooks[0]["sql"] as? String == "{{ stamp(this) }}" && hooks[0]["transaction"] as? Bool == true)
        #expect(config("model.fleet_utils.fleet_calendar")["post_hook"] == nil)

        let rows = try project.query("""
            SELECT concat_ws('|', id, amount_cents, customer_label, customer_shout, next_month, days_in, id_text, order_count, flag)
            FROM order_labels ORDER BY id
            """, warehouse: "dev.duckdb")
        #expect(rows.rows == [
            ["1|1050|alice|ALICE!|2024-02-03 00:00:00|2|1|4|flag unset"],
            ["2|2000|bob|BOB!|2024-02-10 00:00:00|9|2|4|flag unset"],
            ["3|725|alice|ALICE!|2024-03-01 00:00:00|31|3|4|flag unset"],
            ["4|10000|carol|CAROL!|2024-04-15 00:00:00|74|4|4|flag unset"],
        ])
        // The project's default__any_value (min) beats dbt's; the package model is a table, as the
        // root project configures it over the package's own `view`.
        #expect(try project.query("SELECT customer, days FROM first_customer", warehouse: "dev.duckdb").rows == [["Alice", 12]])
        #expect(try project.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'fleet_calendar'",
                                  warehouse: "dev.duckdb").rows == [["BASE TABLE"]])
        let types = try project.query("""
            SELECT column_name, data_type FROM information_schema.columns WHERE table_name IN ('orders', 'order_labels')
              AND column_name IN ('id', 'order_count', 'next_month', 'amount_cents') ORDER BY table_name, ordinal_position
            """, warehouse: "dev.duckdb")
        #expect(types.rows == [["id", "INTEGER"], ["amount_cents", "BIGINT"], ["next_month", "TIMESTAMP"], ["order_count", "INTEGER"],
                               ["id", "INTEGER"]])
    }

    /// run_results.json's messages as dbt-duckdb writes them: a model's "OK", a seed's "INSERT n"
    /// (with its code and rows), a passing test's none, a warning's "Got 1 result, configured to
    /// warn if != 0", each with its adapter_response `_message`. Expected values: dbt build of
    /// this fixture (dbt-core 1.10.23, dbt-duckdb 1.10.1).
    @Test func runResultsSayWhatDbtDuckDBSays() throws {
        let project = try FixtureProject("packaged")
        try project.run()
        let results = try #require(try project.json("target/run_results.json")["results"] as? [[String: Any]])
        func result(_ id: String) -> [String: Any]? { results.first { ($0["unique_id"] as? String)?.hasPrefix(id) == true } }
        func adapterMessage(_ id: String) -> String? { (result(id)?["adapter_response"] as? [String: Any])?["_message"] as? String }
        #expect(result("model.packaged.order_labels")?["message"] as? String == "OK")
        #expect(adapterMessage("model.packaged.order_labels") == "OK")
        #expect(result("seed.packaged.orders")?["message"] as? String == "INSERT 4")
        let seedResponse = result("seed.packaged.orders")?["adapter_response"] as? [String: Any]
        #expect(seedResponse?["_message"] as? String == "INSERT 4" && seedResponse?["code"] as? String == "INSERT" && seedResponse?["rows_affected"] as? Int == 4)
        #expect(result("test.packaged.not_null_order_labels_id")?["message"] is NSNull)
        #expect(adapterMessage("test.packaged.not_null_order_labels_id") == "OK")
        #expect(result("test.packaged.fleet_utils_at_most_order_labels_amount_cents")?["message"] as? String
                == "Got 1 result, configured to warn if != 0")
        // The fields dbt's RunResultOutput requires (dbt's own parser reads lake's file): whether
        // the node compiled, and where its rows are (a seed's left out, as dbt leaves it).
        #expect(result("model.packaged.order_labels")?["compiled"] as? Bool == true)
        #expect(result("model.packaged.order_labels")?["relation_name"] as? String == "\"dev\".\"main\".\"order_labels\"")
        #expect(result("seed.packaged.orders")?["compiled"] is NSNull && result("seed.packaged.orders")?["relation_name"] is NSNull)
        #expect(result("test.packaged.not_null_order_labels_id")?["compiled"] as? Bool == true)
        #expect(result("test.packaged.not_null_order_labels_id")?["batch_results"] is NSNull)
        let metadata = try #require(try project.json("target/run_results.json")["metadata"] as? [String: Any])
        #expect(metadata["invocation_started_at"] is String && (metadata["env"] as? [String: Any])?.isEmpty == true)
    }

    @Test func aTemplateErrorFailsItsNodeAndSkipsItsDependents() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/order_labels.sql", "select {{ fleet_utils.no_such_macro() }} from {{ ref('orders') }}")
        let (summary, output) = try project.run()
        #expect(summary.result(for: "order_labels")?.status == .error)
        #expect(output.contains("models/order_labels.sql:1:23: error: package 'fleet_utils' has no macro named 'no_such_macro'"), "\(output)")
        #expect(summary.result(for: "unique_order_labels_id")?.status == .skipped)
        #expect(summary.result(for: "first_customer")?.status == .success)

        // A file whose template does not parse fails as its model, too; listing still works.
        try project.write("models/broken.sql", "select 1 {% if %}")
        let (broken, brokenOutput) = try project.run { $0.select = ["broken", "first_customer", "orders", "fleet_calendar"] }
        #expect(broken.result(for: "broken")?.status == .error)
        #expect(brokenOutput.contains("models/broken.sql:1:"), "\(brokenOutput)")
        #expect(broken.result(for: "first_customer")?.status == .success)
        #expect(try Runner(projectDirectory: project.root, options: RunOptions(), output: { _ in }).list().contains { $0.name == "broken" })
    }

    @Test func dispatchSearchesWhatTheProjectSays() throws {
        let project = try FixtureProject("packaged")
        // Without the dispatch config, fleet_utils' macros are looked up in the project first:
        // the project's default__label beats the package's duckdb__label.
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings.replacingOccurrences(of: "    search_order: [fleet_utils, packaged]", with: "    search_order: [packaged, fleet_utils]"))
        try project.write("macros/label.sql", "{% macro default__label(text) %}'project:' || {{ text }}{% endmacro %}")
        let (summary, _) = try project.run { $0.select = ["order_labels", "orders"] }
        #expect(summary.exitCode == 0)
        #expect(try project.query("SELECT customer_label FROM order_labels WHERE id = 2", warehouse: "dev.duckdb").rows == [["project:bob"]])
    }
}
