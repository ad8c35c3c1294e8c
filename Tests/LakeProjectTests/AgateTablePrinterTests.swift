import Testing
import LakeTemplates
@testable import LakeProject

/// `run_query(...).print_table()` prints what dbt prints (agate 1.9): every expected text is what
/// `dbt run-operation` (dbt-core 1.10.23, dbt-duckdb 1.10.1) printed for the same query on
/// 2026-12-03.
@Suite struct AgateTablePrinterTests {
    func printed(_ table: QueryTable, maxRows: Int? = 20, maxColumns: Int? = 6, maxColumnWidth: Int? = 20, maxPrecision: Int? = 3) -> String {
        AgateTablePrinter(table: table, maxRows: maxRows, maxColumns: maxColumns, maxColumnWidth: maxColumnWidth, maxPrecision: maxPrecision).text
    }

    @Test func textLeftNumbersRightRowsCut() {
        // select 1 as a, 'x' as b union all select 2, 'y'
        let table = QueryTable(columnNames: ["a", "b"], rows: [[.int(1), .string("x")], [.int(2), .string("y")]], columnKinds: [.integer, .text])
        #expect(printed(table) == "| a | b |\n| - | - |\n| 1 | x |\n| 2 | y |")
        #expect(printed(table, maxRows: 1) == "| a | b |\n| - | - |\n| 1 | x |\n| ... | ... |")
    }

    @Test func numbersGroupedToTheirPlacesAndValuesCut() {
        // select 1234.5::double as x, -98765.125::double as y, 0.1+0.2 as z, 12.345::decimal(10,3) as dec,
        //        timestamp '2024-01-02 03:04:05' as ts, 'é long text with accents éééé' as txt
        // union all select 2.25, 1e6, null, 1.000, null, null
        let table = QueryTable(columnNames: ["x", "y", "z", "dec", "ts", "txt"], rows: [
            [.double(1234.5), .double(-98765.125), .string("0.3"), .string("12.345"), .string("2024-01-02 03:04:05"), .string("é long text with accents éééé")],
            [.double(2.25), .double(1e6), .null, .string("1.000"), .null, .null],
        ], columnKinds: [.number, .number, .number, .number, .other, .text])
        #expect(printed(table) == """
            |        x |             y |   z |    dec |                  ts | txt                  |
            | -------- | ------------- | --- | ------ | ------------------- | -------------------- |
            | 1,234.50 |   -98,765.125 | 0.3 | 12.345 | 2024-01-02 03:04:05 | é long text with ... |
            |     2.25 | 1,000,000.000 |     |  1.000 |                     |                      |
            """)
        #expect(printed(table, maxColumnWidth: 8, maxPrecision: 1) == """
            |        x |        y |   z |   dec |       ts | txt      |
            | -------- | -------- | --- | ----- | -------- | -------- |
            | 1,234.5… | -98,7... | 0.3 | 12.3… | 2024-... | é lon... |
            |     2.2… | 1,000... |     |  1.0… |          |          |
            """)
    }

    @Test func columnsBeyondTheLimitBecomeAnEllipsis() {
        // select 1234567 as big, 3.14159::double as pi, 2.5::decimal(10,2) as dec, null as nothing, true as flag,
        //        date '2024-01-02' as d, timestamp '2024-01-02 03:04:05' as ts, … (nine columns)
        let table = QueryTable(columnNames: ["big", "pi", "dec", "nothing", "flag", "d", "ts", "long_text_column_name_here", "neg"], rows: [
            [.int(1234567), .double(3.14159), .string("2.50"), .null, .bool(true), .string("2024-01-02"), .string("2024-01-02 03:04:05"),
             .string("a very long text value that is wider than twenty"), .int(-7)],
        ], columnKinds: [.integer, .number, .number, .other, .other, .other, .other, .text, .integer])
        #expect(printed(table) == """
            |     big |     pi | dec | nothing | flag |          d | ... |
            | ------- | ------ | --- | ------- | ---- | ---------- | --- |
            | 1234567 | 3.142… | 2.5 |         | True | 2024-01-02 | ... |
            """)
        #expect(printed(table, maxColumns: 2, maxColumnWidth: 5) == "|   big |    pi | ... |\n| ----- | ----- | --- |\n| 12... | 3.... | ... |")
    }
}
