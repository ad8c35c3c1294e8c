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

    @Test func wholeColumnsOfDoublesGoInVectorByVector() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE scores (a DOUBLE, b DOUBLE)")
        let appender = try connection.appender(table: "scores")
        // 5,000 rows: two full vectors of 2,048 and a partial one; then a row the ordinary way.
        let a = (0..<5_000).map { Double($0) / 4 }, b = (0..<5_000).map { -Double($0 * $0) }
        try appender.append(doubleColumns: [a, b])
        try appender.appendRow([.double(1e300), .double(-0.0)])
        try appender.close()
        #expect(appender.rowCount == 5_001)
        let rows = try connection.query("SELECT a, b FROM scores")
        #expect(try rows.columns[0].doubles(null: .nan) == a + [1e300])
        #expect(try rows.columns[1].doubles(null: .nan) == b + [-0.0])
    }

    @Test func wholeColumnsMustMatchTheTable() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE mixed (a DOUBLE, n BIGINT)")
        let appender = try connection.appender(table: "mixed")
        let count = #expect(throws: DuckDBError.self) { try appender.append(doubleColumns: [[1]]) }
        #expect(count?.message == "'mixed' has 2 columns; 1 were given")
        let type = #expect(throws: DuckDBError.self) { try appender.append(doubleColumns: [[1], [2]]) }
        #expect(type?.message == "column 2 of 'mixed' is not DOUBLE")
        try connection.execute("CREATE TABLE pair (a DOUBLE, b DOUBLE)")
        let lengths = #expect(throws: DuckDBError.self) { try connection.appender(table: "pair").append(doubleColumns: [[1, 2], [3]]) }
        #expect(lengths?.message == "columns of different lengths for 'pair'")
    }
}
