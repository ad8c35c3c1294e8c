import Foundation
import Testing
import LakeDuckDB
import LakeProject
import LakeTemplates
@testable import LakeRunner

/// What dbt-utils' and dbt-expectations' own integration projects rely on, each of which stopped
/// or changed a result there: a generic test written as `{% macro test_x %}`, a generic test of an
/// ephemeral model (its `model` the CTE's relation), an agate table's `columns` read as a mapping,
/// a singular test its own config disables, the failures a passing test reports, and two tests
/// whose names coincide.
///
/// Every expected value is what dbt-duckdb 1.10 (dbt-core 1.10.23, dbt-duckdb 1.10.1, DuckDB 1.4.4)
/// built from the same files over Fixtures/jaffle with `dbt build`, in a scratch environment on
/// 2026-12-03.
@Suite struct DbtPackageIdiomsTests {
    static func project() throws -> FixtureProject {
        let project = try FixtureProject("jaffle")
        try project.write("macros/old_style_test.sql", """
            {# A generic test spelt the old way, as dbt_utils' not_null_proportion is. #}
            {% macro test_no_nulls_old_style(model, column_name) %}
            select * from {{ model }} where {{ column_name }} is null
            {% endmacro %}

            {% test reads_a_cte(model) %}
            select '{{ model }}' as relation, {{ model.is_cte }} as is_cte, '{{ model.schema }}' as schema_name from {{ model }} limit 1
            {% endtest %}
            """)
        try project.write("models/nullable_ids.sql", "{{ config(materialized='ephemeral') }}\nselect 1 as id union all select null as id\n")
        try project.write("models/query_columns.sql", """
            {% set out = [] %}
            {% if execute %}
              {% for name, column in run_query("select 1 as a, 'x' as b").columns.items() %}{% do out.append(name ~ '=' ~ column.values()[0]) %}{% endfor %}
              {% do out.append(run_query("select 1 as a, 'x' as b").columns['b'].values()[0]) %}
            {% endif %}
            select '{{ out | join(",") }}' as described
            """)
        try project.write("models/eph_schema.yml", """
            version: 2
            models:
              - name: nullable_ids
                columns:
                  - name: id
                    data_tests:
                      - no_nulls_old_style:
                          config: {warn_if: '>5', error_if: '>5'}
                data_tests:
                  - reads_a_cte:
                      config: {store_failures: true}
              - name: query_columns
                columns:
                  - name: described
                    data_tests:
                      - accepted_values:
                          arguments: {values: ['a@']}
                          config: {severity: warn}
                      - accepted_values:
                          arguments: {values: ['a&']}
                          config: {severity: warn}
            """)
        try project.write("tests/disabled_singular.sql", "{{ config(enabled=false) }}\nselect 1 as disabled_by_its_own_config\n")
        return project
    }

    @Test func packageIdiomsRunAsUnderDbt() throws {
        let project = try Self.project()
        let (summary, output) = try project.run()
        #expect(output.contains("Done. PASS=11 WARN=2 ERROR=1 SKIP=0"), "\(output)")
        // The old-style macro is the generic test no_nulls_old_style; its one null row is under
        // warn_if and error_if (> 5), so it passes and reports no failures.
        let oldStyle = try #require(summary.results.first { $0.uniqueId == "test.jaffle.no_nulls_old_style_nullable_ids_id.107304051d" })
        #expect(oldStyle.status == .pass && oldStyle.failures == 0)
        // A test of an ephemeral model reads the CTE dbt injects, through a relation without schema.
        #expect(try project.query("SELECT * FROM main_dbt_test__audit.reads_a_cte_nullable_ids_", warehouse: "jaffle.duckdb").rows
                == [["__dbt__cte__nullable_ids", true, "None"]])
        // run_query(...).columns: items(), and a column by its name.
        #expect(try project.query("SELECT described FROM query_columns", warehouse: "jaffle.duckdb").rows == [["a=1,b=x,x"]])
        // Two accepted_values tests whose names coincide keep the name; their ids differ by hash.
        let sameName = summary.results.filter { $0.uniqueId.hasPrefix("test.jaffle.accepted_values_query_columns_described__a_.") }
        #expect(Set(sameName.map(\.uniqueId)) == ["test.jaffle.accepted_values_query_columns_described__a_.3b440624c0",
                                                   "test.jaffle.accepted_values_query_columns_described__a_.b2eb114fff"])
        #expect(sameName.allSatisfy { $0.status == .warn && $0.failures == 1 })
        // A singular test whose own config disables it is not a node.
        #expect(summary.results.allSatisfy { !$0.uniqueId.contains("disabled_singular") })
    }

    @Test func twoTestsWithOneIdStopTheProjectAsDbtDoes() throws {
        let project = try Self.project()
        try project.write("models/eph_schema.yml", """
            version: 2
            models:
              - name: nullable_ids
                columns:
                  - name: id
                    data_tests:
                      - no_nulls_old_style
                      - no_nulls_old_style:
                          config: {severity: warn}
            """)
        // dbt: "dbt found two data_tests with the name "no_nulls_old_style_nullable_ids_id" defined on column "id"".
        let error = #expect(throws: (any Error).self) { try project.run() }
        #expect("\(error.map { "\($0)" } ?? "")".contains("two tests are named 'no_nulls_old_style_nullable_ids_id' with the same arguments"))
    }

    /// Nothing in dbt_project.yml is ignored in silence: keys lake does not act on are said with
    /// their line; those that change nothing lake makes (clean-targets, the default target-path,
    /// an analyses folder with no analysis in it) are not.
    @Test func dbtProjectKeysLakeDoesNotUseAreSaid() throws {
        let project = try FixtureProject("jaffle")
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings + """
            clean-targets: [target, dbt_packages]
            target-path: target
            analysis-paths: [analyses]
            quoting:
              identifier: false
            query-comment: made by dbt

            """)
        let (_, output) = try project.run()
        let lines = settings.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(output.contains("dbt_project.yml:\(lines + 3): `quoting` is not used: lake quotes every relation it prints"), "\(output)")
        #expect(output.contains("dbt_project.yml:\(lines + 5): `query-comment` is not used: lake adds no comment to its queries"), "\(output)")
        #expect(!output.contains("`clean-targets`") && !output.contains("`target-path`") && !output.contains("`analysis-paths`"), "\(output)")
        try project.write("analyses/orders_by_day.sql", "select 1\n")
        #expect(try project.run().output.contains("`analysis-paths` is not used: lake does not compile analyses"))
    }

    /// dbt hands every node to its pool as soon as it is ready, in its GraphQueue's order (level,
    /// then unique id), and the pool runs them first come, first served. A project whose two
    /// snapshots are joined by their times (Ruta8/DuckDB-dbt-finance-warehouse) needs that order:
    /// lake once took snap_b first. dbt build at one thread (dbt-core 1.10.23) ran stg_a, stg_b,
    /// not_null_stg_a_id, accepted_values_stg_b_kind__x, snap_a, snap_b, check_order, its test.
    @Test func nodesRunInDbtsOrder() throws {
        let project = try FixtureProject("jaffle")
        for file in ["models/customers.sql", "models/schema.yml", "models/docs.md"] { try FileManager.default.removeItem(atPath: project.path(file)) }
        try FileManager.default.removeItem(atPath: project.path("models/staging"))
        try FileManager.default.removeItem(atPath: project.path("seeds"))
        try project.write("models/stg_a.sql", "select 1 as id\n")
        try project.write("models/stg_b.sql", "select 'x' as kind\n")
        try project.write("models/check_order.sql", """
            select (select max(dbt_valid_from) from {{ ref('snap_a') }}) <= (select max(dbt_valid_from) from {{ ref('snap_b') }}) as snap_a_ran_first
            """)
        try project.write("models/schema.yml", """
            version: 2
            models:
              - name: stg_a
                columns:
                  - name: id
                    tests: [not_null]
              - name: stg_b
                columns:
                  - name: kind
                    tests:
                      - accepted_values:
                          values: ['x']
              - name: check_order
                columns:
                  - name: snap_a_ran_first
                    tests:
                      - accepted_values:
                          values: [true]
                          quote: false
            """)
        for (name, parent) in [("snap_a", "stg_a"), ("snap_b", "stg_b")] {
            try project.write("snapshots/\(name).sql", """
                {% snapshot \(name) %}
                {{ config(target_schema='snapshots', unique_key='k', strategy='check', check_cols='all') }}
                select 1 as k, now() as seen from {{ ref('\(parent)') }}
                {% endsnapshot %}
                """)
        }
        let (summary, output) = try project.run { $0.threads = 1 }
        #expect(output.contains("Done. PASS=8 WARN=0 ERROR=0 SKIP=0"), "\(output)")
        #expect(summary.results.map { $0.uniqueId.split(separator: ".")[2] } == [
            "stg_a", "stg_b", "not_null_stg_a_id", "accepted_values_stg_b_kind__x", "snap_a", "snap_b", "check_order",
            "accepted_values_check_order_snap_a_ran_first__False__True",
        ])
        // The DuckDB file holds the run by itself: no write-ahead log is left beside it.
        #expect(!FileManager.default.fileExists(atPath: project.path("jaffle.duckdb.wal")))
    }

    /// dbt-duckdb's external models without a `location` write `<external_root>/<alias>.<format>`
    /// (the profile's `external_root`, default `.`). dbt build (dbt-duckdb 1.10.1) of the same
    /// model with `external_root: out` wrote out/ext_model.parquet.
    @Test func externalModelsWriteUnderTheProfilesExternalRoot() throws {
        let project = try FixtureProject("jaffle")
        let profile = try String(contentsOfFile: project.path("profiles.yml"), encoding: .utf8)
        try project.write("profiles.yml", profile.replacingOccurrences(of: "      threads: 2", with: "      threads: 2\n      external_root: out"))
        try project.write("models/marts/ext_model.sql", "{{ config(materialized='external') }}\nselect 1 as id\n")
        try project.write("models/marts/ext_default.sql", "{{ config(materialized='external', alias='renamed') }}\nselect 2 as id\n")
        try FileManager.default.createDirectory(atPath: project.path("out"), withIntermediateDirectories: true)
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(!output.contains("external_root"), "\(output)")
        #expect(FileManager.default.fileExists(atPath: project.path("out/ext_model.parquet")))
        #expect(FileManager.default.fileExists(atPath: project.path("out/renamed.parquet")))
        #expect(try project.query("SELECT id FROM ext_model", warehouse: "jaffle.duckdb").rows == [[1]])
    }

    /// What dbt reads and passes over among a project's files (dbt build, dbt-core 1.10.23, of the
    /// same files): property files under the test paths declare tests too; a schema file's
    /// top-level key dbt does not know is passed over (lake says where); a Python model, which
    /// lake does not run, is said, not dropped in silence.
    @Test func propertyFilesUnderTestPathsAndKeysDbtPassesOver() throws {
        let project = try FixtureProject("jaffle")
        try project.write("tests/props.yml", """
            version: 2
            models:
              - name: customers
                columns:
                  - name: first_name
                    data_tests: [unique]
            """)
        try project.write("models/extra.yml", "version: 2\ntests:\n  - name: nothing\n")
        try project.write("models/scored.py", "def model(dbt, session):\n    return dbt.ref('customers').df()\n")
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(summary.result(for: "unique_customers_first_name")?.status == .pass, "\(output)")
        #expect(output.contains("models/extra.yml:2:1: warning: unknown key 'tests' in a schema file: it is not read, as dbt does not read it"), "\(output)")
        #expect(output.contains("models/scored.py: lake does not run Python models; 'scored' is not built"), "\(output)")
    }

    /// dbt's --empty: seeds load, and every model is built from refs and sources that read no rows.
    /// dbt build --empty of this fixture with the empty_flag model (dbt-core 1.10.23): PASS=10, the
    /// seeds' 3 rows each, no model rows, and flags.EMPTY 'True'.
    @Test func emptyBuildsEveryModelFromNoRows() throws {
        let project = try FixtureProject("jaffle")
        // Templates see the flag as dbt's `flags.EMPTY`.
        try project.write("models/empty_flag.sql", "select '{{ flags.EMPTY }}' as empty_flag\n")
        let (summary, output) = try project.run { $0.empty = true }
        #expect(summary.exitCode == 0 && output.contains("Done. PASS=10 WARN=0 ERROR=0 SKIP=0"), "\(output)")
        #expect(try project.query("SELECT empty_flag FROM empty_flag", warehouse: "jaffle.duckdb").rows == [["True"]])
        let counts = try project.query("""
            SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM stg_orders), (SELECT count(*) FROM raw_customers)
            """, warehouse: "jaffle.duckdb")
        #expect(counts.rows == [[0, 0, 3]])
    }

    /// A source's tags and meta are its source's and its own, as dbt gives them (dbt ls of the same
    /// files, dbt-core 1.10.23: `-s tag:src_level+` lists the source and the model reading it).
    @Test func sourceTagsSelectAsDbtSelects() throws {
        let project = try FixtureProject("jaffle")
        try project.write("models/sources.yml", """
            version: 2
            sources:
              - name: raw
                schema: main
                tags: [src_level]
                meta: {owner: team_a}
                tables:
                  - name: raw_customers
                    tags: [tbl_level]
                    meta: {tbl_key: 1}
            """)
        try project.write("models/from_source.sql", "select * from {{ source('raw', 'raw_customers') }}\n")
        let graph = try ProjectCompiler.compile(try Project.load(root: project.root))
        func selected(_ selector: String) throws -> [String] { try Selector(graph: graph).select([selector]).sorted() }
        #expect(try selected("tag:src_level+") == ["model.jaffle.from_source", "source.jaffle.raw.raw_customers"])
        #expect(try selected("tag:tbl_level") == ["source.jaffle.raw.raw_customers"])
        let source = try #require(graph.nodes["source.jaffle.raw.raw_customers"]?.source)
        #expect(source.meta == .object([("owner", .string("team_a")), ("tbl_key", .int(1))]))
        #expect(source.sourceMeta == .object([("owner", .string("team_a"))]))
    }
}
