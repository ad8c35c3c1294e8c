import Foundation
import Testing
import LakeTemplates
@testable import LakeProject

@Suite struct NodeCompilerTests {
    /// A project's macro file, as it would sit under sql/macros/.
    static func environment() throws -> TemplateEnvironment {
        let environment = TemplateEnvironment()
        environment.register(macrosOf: try Template(name: "sql/macros/gpu.sql", text: """
            {% macro per_gpu(column, gpus) -%}
                {{ column }} / nullif({{ gpus }}, 0)
            {%- endmacro %}
            """))
        return environment
    }

    static func compile(_ text: String, _ context: CompileContext) throws -> CompiledNode {
        try NodeCompiler(environment: try environment()).compile(try Template(name: "models/gold/gold_util.sql", text: text), context: context)
    }

    static let models: Set<String> = ["silver_gpu_timeseries", "silver_machines", "silver_jobs"]

    @Test func aModelRendersWithMacrosRefsVarsAndConfig() throws {
        let model = """
            {{ config(materialized='table', tags=['gold', 'daily']) }}
            {%- set metrics = ['gpu_util', 'cpu_util'] %}
            select
                date_trunc('day', ts) as dt,
            {%- for m in metrics %}
                avg({{ per_gpu(m, 'gpu_count') }}) as avg_{{ m }}{{ ',' if not loop.last }}
            {%- endfor %}
            from {{ ref('silver_gpu_timeseries') }} t
            join {{ ref('silver_machines') }} using (machine_id)
            where ts >= '{{ var('start_date', '2020-01-01') }}' and util <= {{ var('max_util') }}
            group by 1
            """
        let compiled = try Self.compile(model, CompileContext(nodeName: "gold_util", variables: ["max_util": .int(100)],
                                                              modelNames: Self.models))
        #expect(compiled.link(CompileContext.defaultLink) == """

            select
                date_trunc('day', ts) as dt,
                avg(gpu_util / nullif(gpu_count, 0)) as avg_gpu_util,
                avg(cpu_util / nullif(gpu_count, 0)) as avg_cpu_util
            from "main"."silver_gpu_timeseries" t
            join "main"."silver_machines" using (machine_id)
            where ts >= '2020-01-01' and util <= 100
            group by 1
            """)
        #expect(compiled.modelDependencies.map(\.name) == ["silver_gpu_timeseries", "silver_machines"])
        #expect(NodeConfig(compiled.config) == NodeConfig([("materialized", .string("table")),
                                                           ("tags", .array([.string("gold"), .string("daily")]))]))
    }

    @Test func referencesAreRecordedOnceAndLinkedByTheCaller() throws {
        let compiled = try Self.compile("{{ ref('silver_jobs') }} {{ ref('silver_jobs') }} {{ this }} {{ source('raw', 'jobs') }} {{ ref('pkg', 'silver_jobs') }}",
                                        CompileContext(nodeName: "gold_util", modelNames: Self.models, sources: ["raw": ["jobs"]]))
        #expect(compiled.references == [.model(package: nil, name: "silver_jobs"), .this, .source(source: "raw", table: "jobs"),
                                        .model(package: "pkg", name: "silver_jobs")])
        let linked = compiled.link { reference in
            switch reference {
            case .model(_, let name): name == "silver_jobs" ? "__dbt__cte__silver_jobs" : name
            case .this: "\"main\".\"gold_util\""
            case .source(_, let table): "read_parquet('data_lake/bronze/\(table).parquet')"
            case .changes(let model): "changes of \(model)"
            }
        }
        #expect(linked == "__dbt__cte__silver_jobs __dbt__cte__silver_jobs \"main\".\"gold_util\" read_parquet('data_lake/bronze/jobs.parquet') __dbt__cte__silver_jobs")
        #expect(compiled.sourceDependencies.map(\.table) == ["jobs"])
    }

    /// changes(ref('x')) depends on x and stands for x's change feed until the runner links it.
    @Test func changesOfARefIsAReferenceOfItsOwn() throws {
        let compiled = try Self.compile("select * from {{ changes(ref('silver_jobs')) }}", CompileContext(nodeName: "gold_util", modelNames: Self.models))
        #expect(compiled.references == [.model(package: nil, name: "silver_jobs"), .changes(model: "silver_jobs")])
        #expect(compiled.modelDependencies.map(\.name) == ["silver_jobs"])
        #expect(throws: (any Error).self) { try Self.compile("{{ changes('silver_jobs') }}", CompileContext(nodeName: "g", modelNames: Self.models)) }
    }

    @Test func aRefToAMissingModelNamesTheClosest() throws {
        let error = #expect(throws: TemplateError.self) {
            try Self.compile("select *\nfrom {{ ref('silver_job') }}", CompileContext(nodeName: "x", modelNames: Self.models))
        }
        #expect(error?.message == "ref('silver_job'): no model named 'silver_job' (closest: silver_jobs)")
        #expect(error?.location == SourceLocation(line: 2, column: 9))
        let source = #expect(throws: TemplateError.self) {
            try Self.compile("{{ source('raw', 'job') }}", CompileContext(nodeName: "x", sources: ["raw": ["jobs", "tasks"]]))
        }
        #expect(source?.message == "source('raw', 'job'): source 'raw' has no table 'job' (did you mean 'jobs'?)")
    }

    @Test func varsAndEnvVarsNeedAValueOrADefault() throws {
        let context = CompileContext(nodeName: "x", variables: ["rate": .double(2.5)], environment: ["LAKE_USER": "ann"])
        #expect(try Self.compile("{{ var('rate') }} {{ var('other', 'd') }} {{ env_var('LAKE_USER') }} {{ env_var('NOPE', 'x') }}", context)
            .sqlTemplate == "2.5 d ann x")
        let missingVar = #expect(throws: TemplateError.self) { try Self.compile("{{ var('nope') }}", context) }
        #expect(missingVar?.message.hasPrefix("required var 'nope' is not set") == true)
        let missingEnv = #expect(throws: TemplateError.self) { try Self.compile("{{ env_var('NOPE') }}", context) }
        #expect(missingEnv?.message == "env_var('NOPE'): the environment variable is not set and no default was given")
    }

    @Test func isIncrementalFollowsTheMaterializationTheRelationAndFullRefresh() throws {
        let model = "{{ config(materialized='incremental', unique_key='id') }}{% if is_incremental() %}new{% else %}all{% endif %}"
        #expect(try Self.compile(model, CompileContext(nodeName: "x", relationExists: true)).sqlTemplate == "new")
        #expect(try Self.compile(model, CompileContext(nodeName: "x", relationExists: false)).sqlTemplate == "all")
        #expect(try Self.compile(model, CompileContext(nodeName: "x", relationExists: true, fullRefresh: true)).sqlTemplate == "all")
        let folderConfigured = CompileContext(nodeName: "x", baseConfig: NodeConfig([("materialized", .string("incremental"))]), relationExists: true)
        #expect(try Self.compile("{% if is_incremental() %}new{% endif %}", folderConfigured).sqlTemplate == "new")
    }

    @Test func configIsReadableAndMergesOverTheFolders() throws {
        let context = CompileContext(nodeName: "x", baseConfig: NodeConfig([("materialized", .string("view")), ("tags", .array([.string("silver")]))]))
        let compiled = try Self.compile("{{ config({'materialized': 'table'}, tags=['hot']) }}{{ config.get('materialized') }} {{ config.get('nope', 'd') }} {{ config.get('tags') }}", context)
        #expect(compiled.sqlTemplate == "table d ['silver', 'hot']")
        var merged = context.baseConfig
        merged.merge(compiled.config)
        #expect(merged.materialized == "table")
        #expect(merged.tags == ["silver", "hot"])
    }

    @Test func targetAdapterLogExceptionsAndModules() throws {
        let context = CompileContext(nodeName: "x", target: TargetInfo(name: "prod", threads: 4, path: "data_lake/warehouse.duckdb"))
        let compiled = try Self.compile("""
            {{ target.name }} {{ target.type }} {{ target.schema }} {{ target.threads }} {{ target.database }} \
            {{ adapter.quote('my col') }} {{ log('hello ' ~ this.identifier, info=True) }}\
            {{ modules.datetime.datetime.now().year > 2000 }} {{ modules.datetime.date.today().strftime('%Y') | length }}
            """, context)
        #expect(compiled.sqlTemplate == "prod duckdb main 4 warehouse \"my col\" True 4")
        #expect(compiled.logs == ["hello x"])
        let error = #expect(throws: TemplateError.self) {
            try Self.compile("{% if true %}\n  {{ exceptions.raise_compiler_error('bad grain: ' ~ 3) }}{% endif %}", context)
        }
        #expect(error?.message == "compilation error: bad grain: 3")
        #expect(error?.location == SourceLocation(line: 2, column: 17))
    }

    @Test func runQueryFeedsADynamicPivot() throws {
        var seenSQL: [String] = []
        let context = CompileContext(nodeName: "pivot", modelNames: ["silver_machines"], runQuery: { sql in
            seenSQL.append(sql)
            return QueryTable(columnNames: ["gpu_type", "n"], rows: [[.string("T4"), .int(3)], [.string("V100"), .int(5)]], columnKinds: [.text, .integer])
        })
        let compiled = try Self.compile("""
            {%- set types = run_query("select distinct gpu_type, count(*) as n from " ~ ref('silver_machines') ~ " group by 1") -%}
            select
            {%- for row in types %}
              sum(case when gpu_type = '{{ row.gpu_type }}' then 1 end) as n_{{ row[0] | lower }}{{ ',' if not loop.last }}
            {%- endfor %}
            -- {{ types.columns[1].values() | sum }} machines, {{ types.rows | length }} types, {{ types.column_names }}
            """, context)
        #expect(seenSQL == ["select distinct gpu_type, count(*) as n from \"main\".\"silver_machines\" group by 1"])
        #expect(compiled.sqlTemplate == """
            select
              sum(case when gpu_type = 'T4' then 1 end) as n_t4,
              sum(case when gpu_type = 'V100' then 1 end) as n_v100
            -- 8 machines, 2 types, ['gpu_type', 'n']
            """)
    }

    @Test func runQuerySeesThisAsTheModelsOwnRelation() throws {
        nonisolated(unsafe) var seen: [String] = []
        let context = CompileContext(nodeName: "job_log", modelNames: ["job_log"], relationExists: true, runQuery: { sql in
            seen.append(sql)
            return QueryTable(columnNames: ["m"], rows: [[.string("j5")]], columnKinds: [.text])
        })
        let compiled = try Self.compile(
            "{{ config(materialized='incremental') }}\n{%- set newest = run_query('select max(job_id) from ' ~ this).rows[0][0] -%}\nwhere job_id > '{{ newest }}'",
            context)
        #expect(seen == ["select max(job_id) from \"main\".\"job_log\""])
        #expect(compiled.sqlTemplate == "where job_id > 'j5'")
    }

    @Test func macroLibraryLoadsEveryFileAndItsTestsAndDocs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-macros-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/sql/macros/util", withIntermediateDirectories: true)
        try "{% macro cents(x) %}({{ x }} * 100)::bigint{% endmacro %}".write(toFile: root + "/sql/macros/money.sql", atomically: true, encoding: .utf8)
        try "{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}\n{% docs rate %}USD per GPU-hour{% enddocs %}"
            .write(toFile: root + "/sql/macros/util/tests.sql", atomically: true, encoding: .utf8)
        let library = try MacroLibrary(root: root, paths: ["sql/macros", "no/such/folder"])
        #expect(library.files == ["sql/macros/money.sql", "sql/macros/util/tests.sql"])
        #expect(library.genericTestNames.sorted() == ["positive"])
        #expect(library.docs == ["rate": "USD per GPU-hour"])
        let compiled = try NodeCompiler(environment: library.environment)
            .compile(try Template(name: "m.sql", text: "select {{ cents('price') }}"), context: CompileContext(nodeName: "m"))
        #expect(compiled.sqlTemplate == "select (price * 100)::bigint")

        try "{% macro broken() %}{{ 1 + }}{% endmacro %}".write(toFile: root + "/sql/macros/zz.sql", atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try MacroLibrary(root: root, paths: ["sql/macros"]) }
        #expect(error?.file == "sql/macros/zz.sql")
        #expect(error?.location == SourceLocation(line: 1, column: 28))
    }
}
