import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// Smaller dbt behaviours public projects rely on, each of which stopped one of them: per-file
/// configuration in dbt_project.yml, dbt-duckdb's external_location as a format string or an
/// expression, and an ephemeral model injected into a model whose SQL starts with `with` and a newline.
@Suite struct DbtProjectDetailsTests {
    @Test func perFileConfigExternalLocationsAndEphemeralInjection() throws {
        let project = try FixtureProject("packaged")
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        // dbt-duckdb types this seed's amount as declared for the seed by name (its file).
        try project.write("dbt_project.yml", settings.replacingOccurrences(of: "seeds:\n", with: """
            seeds:
              packaged:
                orders:
                  +column_types: {amount: 'decimal(10,2)'}

            """))
        try project.write("models/sources.yml", """
            version: 2
            sources:
              - name: files
                tables:
                  - name: orders
                    meta:
                      external_location: "read_csv('seeds/{name}.csv', header = true)"
            """)
        try project.write("models/big_orders.sql", "select id from {{ source('files', 'orders') }} where amount > 15")
        try project.write("models/eph.sql", "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('orders') }}")
        try project.write("models/uses_eph.sql", "with\nfirst_ids as (select * from {{ ref('eph') }} where id < 3)\nselect count(*) as n from first_ids")
        let (summary, output) = try project.run { $0.select = ["orders", "big_orders", "uses_eph"] }
        #expect(summary.exitCode == 0, "\(output)")
        #expect(try project.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'amount'",
                                  warehouse: "dev.duckdb").rows == [["DECIMAL(10,2)"]])
        #expect(try project.query("SELECT id FROM big_orders ORDER BY id", warehouse: "dev.duckdb").rows == [[2], [4]])
        #expect(try project.query("SELECT n FROM uses_eph", warehouse: "dev.duckdb").rows == [[2]])
    }

    /// As dbt's _inject_ctes_into_sql: into the query's own WITH, found after comments, and after
    /// `recursive` (dbt-utils' equality test of an ephemeral model starts with a comment).
    @Test func cteInjectionMergesWithTheQuerysOwnWith() {
        let cte = [("__dbt__cte__a", "select 1 as x")]
        #expect(Linker.inject(cte, into: "WITH\n  b as (select 2) select * from b")
                == "WITH __dbt__cte__a as (\nselect 1 as x\n),\n\n  b as (select 2) select * from b")
        #expect(Linker.inject(cte, into: "-- setup\n/* more */ with b as (select 2) select * from b")
                == "-- setup\n/* more */ with __dbt__cte__a as (\nselect 1 as x\n),\nb as (select 2) select * from b")
        #expect(Linker.inject(cte, into: "with recursive r(n) as (select 1) select * from r")
                == "with recursive __dbt__cte__a as (\nselect 1 as x\n),\nr(n) as (select 1) select * from r")
        #expect(Linker.inject(cte, into: "-- withdrawn\nselect * from withheld") == "-- withdrawn\nwith __dbt__cte__a as (\nselect 1 as x\n)\nselect * from withheld")
    }

    /// Generic tests under tests/generic/ are tests to call, not singular tests; `ref('package',
    /// 'model')` must name the model's own package; `{{ doc('x') }}` in a description is the docs block.
    @Test func genericTestFoldersPackageRefsAndDocBlocks() throws {
        let project = try FixtureProject("packaged")
        try project.write("tests/generic/is_positive.sql", """
            {% test is_positive(model, column_name) %}
            select * from {{ model }} where {{ column_name }} <= 0
            {% endtest %}
            """)
        try project.write("models/docs.md", "{% docs cents %}Amount in cents, rounded.{% enddocs %}")
        try project.write("models/more.yml", """
            version: 2
            models:
              - name: first_customer
                description: "{{ doc('cents') }} (and more)"
                columns:
                  - name: days
                    data_tests: [is_positive]
            """)
        try project.write("models/calendar_copy.sql", "select * from {{ ref('fleet_utils', 'fleet_calendar') }}")
        let (summary, output) = try project.run()
        #expect(summary.result(for: "is_positive_first_customer_days")?.status == .pass, "\(output)")
        #expect(summary.result(for: "is_positive") == nil, "no singular test is made of tests/generic/")
        #expect(summary.result(for: "calendar_copy")?.status == .success)
        let runner = try Runner(projectDirectory: project.root, options: RunOptions(), output: { _ in })
        #expect(runner.project.properties["first_customer"]?.description == "Amount in cents, rounded. (and more)")

        try project.write("models/calendar_copy.sql", "select * from {{ ref('fleet_utils', 'orders') }}")
        let (wrong, wrongOutput) = try project.run { $0.select = ["calendar_copy"] }
        #expect(wrong.result(for: "calendar_copy")?.status == .error)
        #expect(wrongOutput.contains("ref('fleet_utils', 'orders'): 'orders' is a model of packaged, not of fleet_utils"), "\(wrongOutput)")
    }

    /// on-run-start runs before the first node, on-run-end after the last with `results` and
    /// `schemas`; a failing start hook stops the run before any node. A configuration path that
    /// matches nothing is named, as dbt's "unused configuration paths" warning does.
    @Test func runHooksAndUnusedConfigurationPaths() throws {
        let project = try FixtureProject("packaged")
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings.replacingOccurrences(of: "  fleet_utils:\n    +materialized: table", with: "  packaged:\n    marts: {+materialized: table}\n  fleet_utils:\n    +materialized: table") + """
            on-run-start:
              - "create table if not exists run_log (moment varchar, node varchar, status varchar)"
            on-run-end:
              - "{% for result in results %}insert into run_log values ('end', '{{ result.node.name }}', '{{ result.status }}');{% endfor %}"
              - "insert into run_log values ('schemas', '{{ schemas | join(',') }}', 'ok')"

            """)
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(output.contains("Note: dbt_project.yml: configuration paths that apply to no resource (dbt's unused configuration paths): models.packaged.marts"))
        // dbt 1.10 counts the three hooks with the thirteen nodes (dbt build: PASS=14 WARN=2 TOTAL=16).
        #expect(output.contains("Done. PASS=14 WARN=2 ERROR=0 SKIP=0"), "\(output)")
        let log = try project.query("SELECT moment, node, status FROM run_log WHERE node IN ('order_labels', 'unique_order_labels_id', 'main') ORDER BY node",
                                    warehouse: "dev.duckdb")
        #expect(log.rows == [["schemas", "main", "ok"], ["end", "order_labels", "success"], ["end", "unique_order_labels_id", "pass"]])
        #expect(summary.result(for: "packaged-on-run-start-0")?.uniqueId == "operation.packaged.packaged-on-run-start-0")
        // Hook results' messages and failures as dbt-core 1.10.23's RunTask.safe_run_hooks writes them.
        #expect(summary.result(for: "packaged-on-run-start-0")?.message == "packaged.on-run-start.0 passed")
        #expect(summary.result(for: "packaged-on-run-start-0")?.failures == 0)

        try project.write("dbt_project.yml", settings + "on-run-start: \"select * from no_such_table\"\n")
        let (failed, failedOutput) = try project.run()
        #expect(failed.exitCode == 1)
        #expect(failedOutput.contains("ERROR packaged.on-run-start.0 failed, error:\n dbt_project.yml: on-run-start hook 1:"), "\(failedOutput)")
        #expect(failed.result(for: "packaged-on-run-start-0")?.failures == 1)
        // dbt 1.10 runs the nodes all the same (skip_nodes_if_on_run_start_fails is off by default):
        // dbt build says PASS=11 WARN=2 ERROR=1 SKIP=0 and exits 1.
        #expect(failedOutput.contains("Done. PASS=11 WARN=2 ERROR=1 SKIP=0"), "\(failedOutput)")
    }

    /// A package's on-run hooks run after the root project's (dbt 1.10's order), in the package's
    /// context (its vars; `flags.WHICH`, `dbt_version`); once a hook fails, the rest of its moment
    /// are skipped. Expected values: dbt build and dbt test (dbt-core 1.10.23) on the same changes.
    @Test func packagesOnRunHooksRunAfterTheRootsInTheirOwnContext() throws {
        let project = try FixtureProject("packaged")
        let package = try String(contentsOfFile: project.path("dbt_packages/fleet_utils/dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_packages/fleet_utils/dbt_project.yml", package + """
            vars:
              fleet_only: from the package
            on-run-start:
              - "create or replace table package_hook as select (select count(*) from root_hook) as after_root, '{{ flags.WHICH }}' as which, '{{ var('fleet_only', 'unset') }}' as fleet_only, '{{ dbt_version.split('.')[:2] | join('.') }}' as version"

            """)
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings + """
            on-run-start:
              - "create or replace table root_hook as select '{{ var('fleet_only', 'unset') }}' as fleet_only"

            """)
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=13 WARN=2 ERROR=0 SKIP=0"), "\(output)")
        #expect(summary.results.prefix(2).map(\.uniqueId) == ["operation.packaged.packaged-on-run-start-0", "operation.fleet_utils.fleet_utils-on-run-start-0"])
        #expect(try project.query("SELECT * FROM package_hook", warehouse: "dev.duckdb").rows == [[1, "build", "from the package", "1.10"]])
        #expect(try project.query("SELECT * FROM root_hook", warehouse: "dev.duckdb").rows == [["unset"]])
        try project.run { $0.scope = .testsOnly }
        #expect(try project.query("SELECT which FROM package_hook", warehouse: "dev.duckdb").rows == [["test"]])

        // The root's hook now reads what the package's makes later: it fails, the package's is skipped.
        try project.write("dbt_project.yml", settings + """
            on-run-start:
              - "create or replace table root_hook as select * from no_such_table"

            """)
        let (failed, failedOutput) = try project.run()
        #expect(failedOutput.contains("Done. PASS=11 WARN=2 ERROR=1 SKIP=1"), "\(failedOutput)")
        let skipped = try #require(failed.results.first { $0.uniqueId == "operation.fleet_utils.fleet_utils-on-run-start-0" })
        #expect(skipped.status == .skipped && skipped.message == "fleet_utils.on-run-start.1 skipped")
    }

    /// What elementary's on-run-end reads: each result's `to_dict()` (and its node's and timing's),
    /// `graph.groups` with their owners, `dbt.truncate_relation`, `adapter.commit()`. Expected
    /// values: dbt build (dbt-core 1.10.23) of the fixture with the same changes.
    @Test func onRunEndReadsResultsAsDbtsObjects() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/groups.yml", """
            version: 2
            groups:
              - name: finance
                owner: {name: Fin, email: fin@example.com}
            """)
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings + """
            on-run-end:
              - "{% set r = results | selectattr('node.unique_id', 'equalto', 'model.packaged.first_customer') | list | first %}{% set d = r.to_dict() %}create or replace table end_probe as select '{{ d['node']['unique_id'] }}' as node, '{{ d['status'] }}' as status, '{{ r.timing[0].to_dict()['name'] }}' as timing, '{{ r.node.to_dict()['resource_type'] }}' as kind, '{{ graph.groups['group.packaged.finance'].owner.email }}' as owner, {{ results | length }} as results"
              - "{% do dbt.truncate_relation(ref('orders')) %}{% do adapter.commit() %}select 1"

            """)
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=13 WARN=2 ERROR=0 SKIP=0"), "\(output)")
        #expect(!summary.failed)
        #expect(try project.query("SELECT * FROM end_probe", warehouse: "dev.duckdb").rows
                == [["model.packaged.first_customer", "success", "compile", "model", "fin@example.com", 13]])
        #expect(try project.query("SELECT count(*) FROM orders", warehouse: "dev.duckdb").rows == [[0]])
    }

    /// A ref among a generic test's arguments is one of its parents (the test runs after it), and
    /// the root project's `data_tests: <package>: +enabled: false` disables the package's tests.
    /// Expected values: dbt build (dbt-core 1.10.23) of the fixture with the same changes.
    @Test func aRefInATestsArgumentsIsItsParentAndAPackagesTestsFollowTheRootsConfig() throws {
        let project = try FixtureProject("packaged")
        try project.write("tests/generic/same_count.sql", """
            {% test same_count(model, compare_model) %}
            select 1 from (select count(*) as n from {{ model }}) a, (select count(*) as n from {{ compare_model }}) b where a.n <> b.n
            {% endtest %}
            """)
        try project.write("models/compare.yml", """
            version: 2
            models:
              - name: first_customer
                data_tests:
                  - same_count:
                      compare_model: ref('fleet_calendar')
            """)
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings + "data_tests:\n  fleet_utils:\n    +enabled: false\n")
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=9 WARN=2 ERROR=1 SKIP=0"), "\(output)")
        let test = try #require(summary.result(for: "same_count_first_customer_ref_fleet_calendar_"))
        #expect(test.status == .fail && test.failures == 1)
        #expect(test.uniqueId == "test.packaged.same_count_first_customer_ref_fleet_calendar_.e8e25ab5d7")
        let calendar = try #require(summary.result(for: "fleet_calendar"))
        #expect(calendar.finished <= test.started)
        // dbt's order: the refs among the arguments, then the test's own model.
        let manifest = try #require(try project.json("target/manifest.json")["nodes"] as? [String: [String: Any]])
        #expect((manifest[test.uniqueId]?["depends_on"] as? [String: Any])?["nodes"] as? [String]
                == ["model.fleet_utils.fleet_calendar", "model.packaged.first_customer"])
        #expect(!summary.results.contains { $0.uniqueId.hasPrefix("test.fleet_utils.") })
    }

    /// A column's tests write its name into the SQL as dbt does, unquoted, so a column may be an
    /// expression (dbt_project_evaluator's integration project tests one). Expected values: dbt
    /// build (dbt-core 1.10.23) of the same selection.
    @Test func aColumnTestsNameGoesIntoTheSQLAsWritten() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/expressions.yml", """
            version: 2
            models:
              - name: first_customer
                columns:
                  - name: "coalesce(customer, 'none') || 'x'"
                    data_tests: [not_null, unique]
            """)
        let (summary, output) = try project.run { $0.select = ["first_customer+", "fleet_calendar", "orders"] }
        #expect(output.contains("Done. PASS=7 WARN=0 ERROR=0 SKIP=0"), "\(output)")
        #expect(summary.result(for: "not_null_first_customer_coalesce_customer_none_x_")?.status == .pass)
        #expect(summary.result(for: "unique_first_customer_coalesce_customer_none_x_")?.status == .pass)
    }

    /// A package's seed the root project disables leaves its name to the root's own seed (and the
    /// path that disables it is no unused one); a test's arguments and config render natively (a
    /// var holding a list is `values:`, `enabled: "{{ var('x', false) }}"` a boolean), as
    /// dbt_project_evaluator's integration project writes them. Expected values: dbt build
    /// (dbt-core 1.10.23) of the fixture with the same changes.
    @Test func aDisabledPackageSeedAndNativelyRenderedTestArguments() throws {
        let project = try FixtureProject("packaged")
        try project.write("seeds/fleet_gpu_types.csv", "gpu_type,memory_gb\nT4,16\nA100,80\n")
        try project.write("seeds/seeds.yml", """
            version: 2
            seeds:
              - name: fleet_gpu_types
                columns:
                  - name: gpu_type
                    data_tests:
                      - accepted_values:
                          values: "{{ var('gpu_types') }}"
                      - not_null:
                          config:
                            enabled: "{{ var('check_more', false) }}"
            """)
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings.replacingOccurrences(of: "seeds:\n  fleet_utils:\n", with: "seeds:\n  fleet_utils:\n    fleet_gpu_types:\n      +enabled: false\n")
                          + "vars:\n  gpu_types: ['T4', 'A100']\n")
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=12 WARN=2 ERROR=0 SKIP=0"), "\(output)")
        #expect(!output.contains("Note:"), "\(output)")
        #expect(summary.result(for: "accepted_values_fleet_gpu_types_gpu_type___var_gpu_types_")?.status == .pass)
        #expect(summary.result(for: "fleet_gpu_types")?.uniqueId == "seed.packaged.fleet_gpu_types")
        #expect(!summary.results.contains { $0.uniqueId.hasPrefix("test.packaged.not_null_fleet_gpu_types") })
    }

    /// relationships' `to:` may name an ephemeral model: its query is read in place, as dbt
    /// injects it. Expected values: dbt build (dbt-core 1.10.23) of the same change.
    @Test func relationshipsToAnEphemeralModelReadsItsQuery() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/known_ids.sql", "{{ config(materialized='ephemeral') }}\nselect range as id from range(1, 4)\n")
        try project.write("models/eph.yml", """
            version: 2
            models:
              - name: first_customer
                columns:
                  - name: days
                    data_tests:
                      - relationships:
                          to: ref('known_ids')
                          field: id
            """)
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=11 WARN=2 ERROR=1 SKIP=0"), "\(output)")
        let test = try #require(summary.result(for: "relationships_first_customer_days__id__ref_known_ids_"))
        #expect(test.status == .fail && test.failures == 1)
    }

    /// A seed column with no value at all is INTEGER, as dbt-duckdb makes it (agate takes an empty
    /// column for a number); one with some text stays VARCHAR. Expected values: dbt seed
    /// (dbt-core 1.10.23, dbt-duckdb 1.10.1) of the same file.
    @Test func anEmptySeedColumnIsAnInteger() throws {
        let project = try FixtureProject("packaged")
        try project.write("seeds/blanks.csv", "id,note,later\n1,,\n2,,x\n")
        let (summary, output) = try project.run { $0.scope = .seedsOnly; $0.select = ["blanks"] }
        #expect(!summary.failed, "\(output)")
        #expect(try project.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'blanks' ORDER BY ordinal_position",
                                  warehouse: "dev.duckdb").rows == [["id", "INTEGER"], ["note", "INTEGER"], ["later", "VARCHAR"]])
    }

    /// dbt's `graph` when a node runs: its nodes by unique id with their package, name and resource
    /// type. The expected list is what dbt-duckdb 1.10 rendered from this model on the fixture.
    @Test func theGraphListsTheProjectsNodes() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/model_list.sql", """
            {%- set names = [] -%}
            {%- if execute -%}
            {%- for node in graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') -%}
            {%- do names.append(node.package_name ~ '.' ~ node.name) -%}
            {%- endfor -%}
            {%- endif -%}
            select '{{ names | sort | join(",") }}' as models, {{ graph.sources | length }} as sources
            """)
        let (summary, output) = try project.run { $0.select = ["model_list"] }
        #expect(summary.exitCode == 0, "\(output)")
        #expect(try project.query("SELECT models, sources FROM model_list", warehouse: "dev.duckdb").rows
                == [["fleet_utils.fleet_calendar,packaged.first_customer,packaged.model_list,packaged.order_labels,packaged.run_stamp", 0]])
    }
}
