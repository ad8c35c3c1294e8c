import Testing
@testable import LakeDuckDB

@Suite struct AppenderTests {
    @Test func writesAMillionRows() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE metrics (machine VARCHAR, ts TIMESTAMP, util DOUBLE, n BIGINT)")
        let appender = try connection.appender(table: "metrics")
        let start = DuckDBTimestamp(year: 2020, month: 7, day: 1)
        for i in 0..<1_000_000 {
            try appender.append("m\(i % 1_000)")
            try appender.append(DuckDBTimestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64(i) * 60_000_000))
            try appender.append(Double(i % 100))
            try appender.append(i)
            try appender.endRow()
        }
        try appender.close()
        #expect(appender.rowCount == 1_000_000)
        let summary = try connection.query("""
            SELECT count(*), count(DISTINCT machine), sum(util), sum(n), max(ts) FROM metrics
            """)
        #expect(try summary.value(Int.self, row: 0, column: 0) == 1_000_000)
        #expect(try summary.value(Int.self, row: 0, column: 1) == 1_000)
        #expect(try summary.value(Double.self, row: 0, column: 2) == 49_500_000)
        #expect(try summary.value(Int.self, row: 0, column: 3) == 499_999_500_000)
        #expect(summary[0, 4] == .timestamp(DuckDBTimestamp(microsecondsSinceEpoch:
            start.microsecondsSinceEpoch + 999_999 * 60_000_000)))
    }

    @Test func aMissingTableIsAnError() throws {
        let connection = try Database().connect()
        let error = #expect(throws: DuckDBError.self) { try connection.appender(table: "nope") }
        #expect(error?.operation == .append)
        #expect(error?.message.contains("nope") == true)
    }

    @Test func aWrongValueOrShortRowIsAnError() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (a INTEGER NOT NULL, b INTEGER)")
        let appender = try connection.appender(table: "t")
        try appender.append(1)
        #expect(throws: DuckDBError.self) { try appender.endRow() }
        let strict = try connection.appender(table: "t")
        try strict.appendRow([.null, 1])
        let error = #expect(throws: DuckDBError.self) { try strict.flush() }
        #expect(error?.message.contains("NOT NULL") == true)
    }
}
