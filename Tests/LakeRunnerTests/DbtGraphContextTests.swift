import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// What packages read of dbt's context, as dbt-core 1.10 / dbt-duckdb 1.10 give it (the values
/// below are what dbt's graph held for dbt-labs/dbt_project_evaluator 0.8.0 and elementary 0.12.1
/// on astrafy/dbt-training-jaffle-shop-duckdb, run both ways on 2026-12-03): a graph node's
/// original_file_path (a package's from its own folder), access, database and meta; a generic test's
/// macro dependencies; an exposure's owner and maturity; dbt.make_temp_relation (a relation's
/// incorporate), dbt.run_query and agate's Table.rename.
@Suite struct DbtGraphContextTests {
    @Test func graphNodesAndAdapterMacrosAreDbts() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/exposures.yml", """
            version: 2
            exposures:
              - name: board
                type: dashboard
                maturity: high
                owner: {name: Ops}
                depends_on: [ref('order_labels')]
            """)
        try project.write("models/graph_probe.sql", """
            {% set node = graph.nodes['model.fleet_utils.fleet_calendar'] %}
            {% set test = graph.nodes['test.packaged.not_null_order_labels_id.7f4b2b2154'] %}
            {% set relationships = graph.nodes.values() | selectattr('resource_type', 'equalto', 'test') | selectattr('name', 'equalto', 'unique_order_labels_id') | first %}
            {% set board = graph.exposures['exposure.packaged.board'] %}
            {% set tmp = make_temp_relation(ref('orders')) %}
            {% set table = dbt.run_query('select 1 as "A"').rename({'A': 'a'}) if execute else none %}
            select '{{ node.original_file_path }}' as original_file_path, '{{ node.access }}' as access,
                   '{{ node.database }}' as database, '{{ node.meta | tojson }}' as meta,
                   '{{ test.depends_on.macros | join(",") }}' as not_null_macros,
                   '{{ relationships.depends_on.macros | join(",") }}' as unique_macros,
                   '{{ board.maturity }}|{{ board.owner.name }}|{{ board.owner.email }}' as exposure,
                   '{{ tmp.identifier[:15] }}|{{ tmp.schema }}|{{ tmp }}' as temp_relation,
                   '{{ table.column_names[0] if table else "" }}' as renamed,
                   '{{ graph.nodes["operation.fleet_utils.fleet_utils-on-run-end-0"].resource_type }}' as package_hook,
                   '{{ graph.nodes["operation.fleet_utils.fleet_utils-on-run-end-0"].depends_on.macros | join(",") }}' as hook_macros,
                   {% set operation = graph.nodes["operation.fleet_utils.fleet_utils-on-run-end-0"] %}
                   '{{ operation.config.on_schema_change }}|{{ operation.config.materialized }}|{{ operation.config["post-hook"] | map(attribute="sql") | join(",") }}|{{ operation.config.tags | join(",") }}|{{ operation.tags | join(",") }}' as hook_config
            """)
        // A package's test arguments render with the package's vars (dbt_project_evaluator's
        // `min_value: "{{ var('documentation_coverage_target') }}"`).
        let packageProject = try String(contentsOfFile: project.path("dbt_packages/fleet_utils/dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_packages/fleet_utils/dbt_project.yml", packageProject + "vars:\n  fleet_min_days: 3\n"
                          + "on-run-end: [\"create table package_hook_ran as select 1 as x\"]\n")
        try project.write("dbt_packages/fleet_utils/models/more.yml", """
            version: 2
            models:
              - name: fleet_calendar
                data_tests:
                  - dbt_utils_free_row_count_at_least:
                      minimum: "{{ var('fleet_min_days') }}"
            """)
        try project.write("dbt_packages/fleet_utils/tests/generic/row_count_at_least.sql", """
            {% test dbt_utils_free_row_count_at_least(model, minimum) %}
            select 1 from (select count(*) as n from {{ model }}) where n < {{ minimum }}
            {% endtest %}
            """)
        let (summary, output) = try project.run { $0.select = ["graph_probe", "fleet_calendar"] }
        #expect(summary.exitCode == 0, "\(output)")
        #expect(summary.result(for: "dbt_utils_free_row_count_at_least_fleet_calendar__var_fleet_min_days_")?.status == .pass, "\(output)")
        let row = try project.query("SELECT * FROM graph_probe", warehouse: "dev.duckdb").rows.first ?? []
        #expect(row.count == 12)
        guard row.count == 12 else { return }
        #expect(row[0] == "models/fleet_calendar.sql")
        #expect(row[1] == "protected")
        #expect(row[2] == "dev")
        #expect(row[3] == "{}")
        #expect(row[4] == "macro.dbt.test_not_null")
        #expect(row[5] == "macro.dbt.test_unique")
        #expect(row[6] == "high|Ops|None")
        let temp = row[7].description
        #expect(temp.hasPrefix("orders__dbt_tmp|None|\"orders__dbt_tmp"), "\(temp)")
        #expect(row[8] == "a")
        // A package's on-run hook is in dbt's graph, and runs, as the root project's do.
        #expect(row[9] == "operation")
        // dbt parses an operation as a model at <package>/hooks/<name>: fleet_utils' +post-hook
        // ({{ stamp(this) }}) is rendered for it too, and its macro is the hook's.
        #expect(row[10] == "macro.fleet_utils.stamp")
        // Its configuration is a model's at that place, with a model's defaults (dbt parse of this fixture).
        #expect(row[11] == "ignore|table|{{ stamp(this) }}|from_duckdb,root_wide|on-run-end,from_duckdb,root_wide")
        #expect(try project.query("SELECT x FROM package_hook_ran", warehouse: "dev.duckdb").rows == [[1]])
        #expect(summary.results.last?.uniqueId == "operation.fleet_utils.fleet_utils-on-run-end-0")
    }

    /// A model's `depends_on.macros` is what dbt's parser records: each macro its template calls
    /// itself (not the macros those call), a dispatch it makes itself by the macro dispatch chose,
    /// lake's functions that are macros of dbt's (is_incremental), in first-call order, nothing a
    /// branch not taken at parse calls, then the macros its hooks call. Expected values: `dbt parse` (dbt-core 1.10.x, dbt-duckdb 1.10)
    /// of this fixture with these files, 2026-12-03.
    @Test func modelsRecordTheMacrosTheyCallThemselves() throws {
        let project = try FixtureProject("packaged")
        try project.write("macros/calls.sql", """
            {% macro outer_macro() %}{{ inner_macro() }}{% endmacro %}
            {% macro inner_macro() %}1{% endmacro %}
            {% macro hook_sql() %}select 1{% endmacro %}
            """)
        try project.write("models/macro_calls.sql", """
            {{ config(materialized='incremental', post_hook="{{ hook_sql() }}") }}
            select {{ outer_macro() }} as x, {{ fleet_utils.cents('2.5') }} as c, {{ fleet_utils.label("'A'") }} as l,
                   {{ adapter.dispatch('shout', 'fleet_utils')("'b'") }} as s, {{ dbt.date_trunc('day', 'current_date') }} as d
            {% if is_incremental() %} where {{ inner_macro() }} = 1 {% endif %}
            {% if execute %}{% set r = run_query('select 1') %}{% endif %}
            """)
        let (summary, output) = try project.run { $0.select = ["macro_calls", "+order_labels"] }
        #expect(summary.exitCode == 0, "\(output)")
        let nodes = try #require(try project.json("target/manifest.json")["nodes"] as? [String: Any])
        func macros(_ id: String) -> [String]? { ((nodes[id] as? [String: Any])?["depends_on"] as? [String: Any])?["macros"] as? [String] }
        #expect(macros("model.packaged.macro_calls") == ["macro.packaged.outer_macro", "macro.fleet_utils.cents", "macro.fleet_utils.label",
                                                         "macro.fleet_utils.default__shout", "macro.dbt.date_trunc", "macro.dbt.is_incremental",
                                                         "macro.packaged.hook_sql"])
        #expect(macros("model.packaged.order_labels") == ["macro.fleet_utils.cents", "macro.fleet_utils.label", "macro.fleet_utils.shout",
                                                          "macro.dbt.dateadd", "macro.dbt.datediff", "macro.dbt.type_string",
                                                          "macro.packaged.order_count", "macro.packaged.column_list"])
    }

    /// An on-run hook's operation node has the schema the project's generate_schema_name gives it,
    /// as dbt names it while parsing (astrafy's jaffle shop names schemas by a node's first tag).
    /// Expected value: dbt run of this model on the same changes (dbt-core 1.10.23).
    @Test func anOperationsSchemaIsTheProjectsGenerateSchemaNames() throws {
        let project = try FixtureProject("packaged")
        try project.write("macros/naming.sql", """
            {% macro generate_schema_name(custom_schema_name, node) -%}
              {%- if node.resource_type == 'operation' -%}hooks_{{ node.tags[0] | replace('-', '_') }}_{{ node.package_name }}
              {%- elif custom_schema_name is none -%}{{ target.schema }}
              {%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
            {%- endmacro %}
            """)
        let package = try String(contentsOfFile: project.path("dbt_packages/fleet_utils/dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_packages/fleet_utils/dbt_project.yml", package + "on-run-end: [\"select 1\"]\n")
        let settings = try String(contentsOfFile: project.path("dbt_project.yml"), encoding: .utf8)
        try project.write("dbt_project.yml", settings + "on-run-start: [\"select 2\"]\n")
        #expect(try project.probe("hook_schemas", """
            {% set ops = graph.nodes.values() | selectattr('resource_type', 'equalto', 'operation') | sort(attribute='unique_id') %}
            select '{% for op in ops %}{{ op.unique_id }}={{ op.schema }}{% if not loop.last %},{% endif %}{% endfor %}' as schemas
            """)
                == [["operation.fleet_utils.fleet_utils-on-run-end-0=hooks_on_run_end_fleet_utils,operation.packaged.packaged-on-run-start-0=hooks_on_run_start_packaged"]])
    }

    /// A source and a model as dbt's graph holds them: a source named by its table, its paths its
    /// schema file's, its database, freshness with dbt's empty thresholds; a node's path from its
    /// resource folder, patch_path, language, contract, and None where dbt has None. Expected
    /// values: dbt run of these two models on the same fixture (dbt-core 1.10.23).
    @Test func sourcesAndModelsReadAsDbtsGraphHoldsThem() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/sources.yml", """
            version: 2
            sources:
              - name: raw
                schema: main
                tables:
                  - name: orders_raw
                    identifier: orders
                    loaded_at_field: ordered_at
                    freshness: {warn_after: {count: 1, period: day}}
                  - name: plain
            """)
        #expect(try project.probe("source_probe", """
            {% set out = [] %}{% for s in graph.sources.values() | sort(attribute='unique_id') %}{% do out.append(s.unique_id ~ '|' ~ s.name ~ '|' ~ s.source_name ~ '|' ~ s.path ~ '|' ~ s.original_file_path ~ '|' ~ s.database ~ '|' ~ s.schema ~ '|' ~ s.identifier ~ '|' ~ (s.loaded_at_field is none) ~ '|' ~ (s.freshness is none) ~ '|' ~ s.relation_name) %}{% endfor %}
            select '{{ out | join(";") }}' as sources
            """) == [[.varchar(
            "source.packaged.raw.orders_raw|orders_raw|raw|models/sources.yml|models/sources.yml|dev|main|orders|False|False|\"dev\".\"main\".\"orders\";"
            + "source.packaged.raw.plain|plain|raw|models/sources.yml|models/sources.yml|dev|main|plain|True|False|\"dev\".\"main\".\"plain\"")]])
        #expect(try project.probe("node_probe", """
            {% set out = [] %}{% for id in ['model.packaged.order_labels', 'model.fleet_utils.fleet_calendar', 'seed.packaged.orders'] %}{% set n = graph.nodes[id] %}{% do out.append(id ~ '|' ~ n.path ~ '|' ~ n.original_file_path ~ '|' ~ n.language ~ '|' ~ (n.contract.enforced if n.contract is defined else 'undef') ~ '|' ~ (n.time_spine is none) ~ '|' ~ (n.group is none) ~ '|' ~ (n.deprecation_date is none) ~ '|' ~ (n.raw_code | length) ~ '|' ~ n.patch_path) %}{% endfor %}
            select '{{ out | join(";") }}' as nodes
            """) == [[.varchar(
            "model.packaged.order_labels|order_labels.sql|models/order_labels.sql|sql|False|True|True|True|588|packaged://models/schema.yml;"
            + "model.fleet_utils.fleet_calendar|fleet_calendar.sql|models/fleet_calendar.sql|sql|False|True|True|True|125|fleet_utils://models/schema.yml;"
            + "seed.packaged.orders|orders.csv|seeds/orders.csv||undef|False|True|False|0|None")]])
    }

    /// A package's source is the package's node (`source.<package>.…`, paths from its folder), and
    /// a model's `time_spine:` is in its graph entry. Expected values: dbt run of this model on the
    /// same fixture (dbt-core 1.10.23).
    @Test func aPackagesSourceIsItsOwnAndATimeSpineIsKept() throws {
        let project = try FixtureProject("packaged")
        try project.write("dbt_packages/fleet_utils/models/sources.yml", """
            version: 2
            sources:
              - name: fleet_raw
                schema: main
                tables:
                  - name: gpus
            """)
        try project.write("models/ts.yml", """
            version: 2
            models:
              - name: first_customer
                time_spine:
                  standard_granularity_column: days
                columns:
                  - name: days
                    granularity: day
            """)
        #expect(try project.probe("pkg_probe", """
            {% set s = graph.sources['source.fleet_utils.fleet_raw.gpus'] %}
            select '{{ s.package_name }}|{{ s.path }}|{{ s.original_file_path }}|{{ s.fqn | join(".") }}|{{ graph.nodes["model.packaged.first_customer"].time_spine.standard_granularity_column }}' as probe
            """)
                == [["fleet_utils|models/sources.yml|models/sources.yml|fleet_utils.fleet_raw.gpus|days"]])
    }

    /// A source's `source_description`, and a model's and its columns' constraints, as dbt's graph
    /// holds them (dbt_project_evaluator counts them). Expected values: dbt run of this model on the
    /// same fixture (dbt-core 1.10.23).
    @Test func sourceDescriptionsAndConstraintsAreInTheGraph() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/sources.yml", """
            version: 2
            sources:
              - name: raw
                description: Raw tables.
                schema: main
                tables:
                  - name: plain
            """)
        try project.write("models/constraints.yml", """
            version: 2
            models:
              - name: first_customer
                config:
                  contract: {enforced: true}
                constraints:
                  - type: check
                    expression: "days >= 0"
                    columns: [days]
                columns:
                  - name: customer
                    data_type: varchar
                  - name: days
                    data_type: bigint
                    constraints:
                      - type: not_null
            """)
        // A seed has no version, a test's group is None, a source has no alias, a column's quote is
        // None; a model's checksum is its file's SHA-256 (dbt parse: f4f5730c…).
        #expect(try project.probe("d_probe", """
            {% set t = graph.nodes.values() | selectattr('resource_type', 'equalto', 'test') | first %}
            select '{{ graph.nodes["seed.packaged.orders"].version is defined }}|{{ t.group is none }}|{{ graph.sources["source.packaged.raw.plain"].alias is defined }}|{{ graph.nodes["model.packaged.order_labels"].columns["id"].quote is none }}|{{ graph.nodes["model.packaged.order_labels"].version is none }}|{{ graph.nodes["model.packaged.order_labels"].checksum.checksum }}' as probe
            """)
                == [["False|True|False|True|True|f4f5730cc8df9024028a1f01b7a6695c1dabd94be6d2608fd87ab86e36f1ddc4"]])
        #expect(try project.probe("c_probe", """
            {% set n = graph.nodes['model.packaged.first_customer'] %}
            {% set mc = n.constraints[0] %}{% set cc = n.columns["days"].constraints[0] %}
            select '{{ graph.sources["source.packaged.raw.plain"].source_description }}|{{ mc.type }},{{ mc.expression }},{{ mc.columns | join("+") }},{{ mc.name }},{{ mc.warn_unenforced }},{{ mc.to_columns | length }}|{{ cc.type }},{{ cc.expression }},{{ cc.warn_unsupported }},{{ n.constraints | length }},{{ n.columns["days"].constraints | length }}' as probe
            """)
                == [["Raw tables.|check,days >= 0,days,None,True,0|not_null,None,True,1,1"]])
    }

    /// An exposure that names a model twice has it once among its parents, as dbt lists them
    /// (dbt_project_evaluator's integration project writes `ref('dim_model_7')` twice, and dbt's
    /// base_exposure_relationships has one row for it).
    @Test func anExposuresParentsAreEachListedOnce() throws {
        let project = try FixtureProject("packaged")
        try project.write("models/exposures.yml", """
            version: 2
            exposures:
              - name: twice
                type: dashboard
                owner: {name: Ops}
                depends_on: [ref('order_labels'), ref('order_labels'), ref('orders')]
            """)
        try project.run { $0.select = ["orders"] }
        let exposures = try #require(try project.json("target/manifest.json")["exposures"] as? [String: [String: Any]])
        #expect((exposures["exposure.packaged.twice"]?["depends_on"] as? [String: Any])?["nodes"] as? [String]
                == ["model.packaged.order_labels", "seed.packaged.orders"])
    }
    /// A generic test as dbt's graph holds it: its path the SQL file it would compile to, its
    /// kwargs with `model` as dbt writes it; and dbt's `local_md5`. Expected values: dbt run of
    /// this model on the same fixture (dbt-core 1.10.23).
    @Test func aGenericTestsPathAndKwargsAreDbts() throws {
        let project = try FixtureProject("packaged")
        #expect(try project.probe("t_probe", """
            {% set t = graph.nodes.values() | selectattr('resource_type', 'equalto', 'test') | selectattr('name', 'equalto', 'not_null_order_labels_id') | first %}
            select '{{ t.path }}|{{ t.original_file_path }}|{{ t.test_metadata.kwargs.model | replace("'", "`") }}|{{ t.test_metadata.kwargs | list | sort | join(",") }}|{{ local_md5("abc") }}' as probe
            """)
                == [["not_null_order_labels_id.sql|models/schema.yml|{{ get_where_subquery(ref(`order_labels`)) }}|column_name,model|900150983cd24fb0d6963f7d28e17f72"]])
    }
}
