import Testing
import LakeProject
import LakeTemplates
@testable import LakeKit

/// `run_query` in a model reads the real warehouse at compile time (dbt's dynamic pivot).
@Suite struct RunQueryTests {
    @Test func aDynamicPivotReadsTheWarehouse() throws {
        let connection = try Database().connect()
        try connection.execute("""
            CREATE TABLE silver_machines AS
            SELECT * FROM (VALUES ('m1', 'V100', 8), ('m2', 'T4', 2), ('m3', 'V100', 8), ('m4', 'P100', 4)) t(machine_id, gpu_type, gpus)
            """)
        let model = try Template(name: "models/gold/gpu_types.sql", text: """
            {%- set types = run_query("select distinct gpu_type from " ~ ref('silver_machines') ~ " order by 1") -%}
            select
            {%- for row in types %}
                count(*) filter (where gpu_type = '{{ row[0] }}') as n_{{ row.gpu_type | lower }}{{ ',' if not loop.last }}
            {%- endfor %}
            from {{ ref('silver_machines') }}
            """)
        let context = CompileContext(nodeName: "gpu_types", modelNames: ["silver_machines"],
                                     runQuery: WarehouseQueryRunner.runQuery(on: connection))
        let sql = try NodeCompiler(environment: TemplateEnvironment()).compile(model, context: context).link(CompileContext.defaultLink)
        #expect(sql == """
            select
                count(*) filter (where gpu_type = 'P100') as n_p100,
                count(*) filter (where gpu_type = 'T4') as n_t4,
                count(*) filter (where gpu_type = 'V100') as n_v100
            from "main"."silver_machines"
            """)
        let counts = try connection.query(sql)
        #expect(counts.rows == [[.integer(1), .integer(1), .integer(2)]])
    }

    @Test func valuesArriveAsTemplateData() throws {
        let connection = try Database().connect()
        let table = try WarehouseQueryRunner.runQuery(on: connection)(
            "SELECT 1 AS i, 2.5::DOUBLE AS d, 'x' AS s, NULL AS n, DATE '2020-07-01' AS dt, 1.25::DECIMAL(5,2) AS dec")
        #expect(table.columnNames == ["i", "d", "s", "n", "dt", "dec"])
        #expect(table.rows == [[.int(1), .double(2.5), .string("x"), .null, .string("2020-07-01"), .string("1.25")]])
    }

    @Test func aFailingQueryIsATemplateErrorAtTheCall() throws {
        let connection = try Database().connect()
        let model = try Template(name: "models/m.sql", text: "select 1\n-- {{ run_query('select * from nowhere') }}")
        let context = CompileContext(nodeName: "m", runQuery: WarehouseQueryRunner.runQuery(on: connection))
        let error = #expect(throws: TemplateError.self) { try NodeCompiler(environment: TemplateEnvironment()).compile(model, context: context) }
        #expect(error?.file == "models/m.sql")
        #expect(error?.location == SourceLocation(line: 2, column: 7))
        #expect(error?.message.contains("Table with name nowhere does not exist") == true)
        #expect(error?.message.contains("in SQL: select * from nowhere") == true)
    }
}
