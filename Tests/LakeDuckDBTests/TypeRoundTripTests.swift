import Testing
@testable import LakeDuckDB

/// Every type lake reads and binds goes in and comes back out unchanged, NULLs included.
@Suite struct TypeRoundTripTests {
    static let columns = """
        b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INTEGER, i64 BIGINT, u8 UTINYINT, u64 UBIGINT,
        h HUGEINT, f FLOAT, d DOUBLE, s VARCHAR, bl BLOB, dt DATE, ts TIMESTAMP,
        d4 DECIMAL(4,1), d9 DECIMAL(9,3), d18 DECIMAL(18,6), d38 DECIMAL(38,10)
        """
    static let row: [DuckDBValue] = [
        .boolean(true), .integer(-128), .integer(32_000), .integer(-2_000_000_000), .integer(Int64.min + 1),
        .integer(255), .hugeInteger(Int128(UInt64.max)), .hugeInteger(Int128(Int64.max) * 1_000_003),
        .double(1.5), .double(-0.000123456789), .varchar("a string longer than twelve bytes, ünïcødé"),
        .blob([0, 1, 2, 255]), .date(DuckDBDate(year: 1969, month: 12, day: 31)),
        .timestamp(DuckDBTimestamp(year: 2020, month: 7, day: 1, hour: 23, minute: 59, second: 58, microsecond: 123_456)),
        .decimal(DuckDBDecimal("-123.4", width: 4)!), .decimal(DuckDBDecimal("123456.789", width: 9)!),
        .decimal(DuckDBDecimal("-123456789012.345678", width: 18)!),
        .decimal(DuckDBDecimal("1234567890123456789012345678.0123456789", width: 38)!),
    ]
    static let types: [ColumnType] = [
        .boolean, .tinyint, .smallint, .integer, .bigint, .utinyint, .ubigint, .hugeint, .float, .double,
        .varchar, .blob, .date, .timestamp, .decimal(width: 4, scale: 1), .decimal(width: 9, scale: 3),
        .decimal(width: 18, scale: 6), .decimal(width: 38, scale: 10),
    ]

    func check(_ result: QueryResult) {
        #expect(result.rowCount == 3)
        #expect(result.columns.map(\.type) == Self.types)
        for column in result.columns.indices {
            #expect(result[0, column] == Self.row[column], "column \(result.columns[column].name)")
            #expect(result[1, column] == .null, "column \(result.columns[column].name)")
            #expect(result[2, column] == Self.row[column], "column \(result.columns[column].name)")
        }
    }

    @Test func throughPreparedStatements() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (\(Self.columns))")
        let placeholders = Array(repeating: "?", count: Self.row.count).joined(separator: ", ")
        let insert = try connection.prepare("INSERT INTO t VALUES (\(placeholders))")
        #expect(insert.parameterCount == Self.row.count)
        try insert.query(Self.row)
        try insert.query(Array(repeating: .null, count: Self.row.count))
        try insert.query(Self.row)
        check(try connection.query("SELECT * FROM t"))
    }

    @Test func throughTheAppender() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (\(Self.columns))")
        let appender = try connection.appender(table: "t")
        try appender.appendRow(Self.row)
        try appender.appendRow(Array(repeating: .null, count: Self.row.count))
        try appender.appendRow(Self.row)
        try appender.close()
        check(try connection.query("SELECT * FROM t"))
    }

    @Test func valuesPrintAsDuckDBPrintsThem() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (\(Self.columns))")
        try connection.query("INSERT INTO t VALUES (\(Array(repeating: "?", count: Self.row.count).joined(separator: ",")))", Self.row)
        let casts = Self.types.indices.map { "CAST(#\($0 + 1) AS VARCHAR)" }.joined(separator: ", ")
        let text = try connection.query("SELECT \(casts) FROM t")
        let values = try connection.query("SELECT * FROM t")
        for column in Self.types.indices where Self.types[column] != .blob && Self.types[column] != .float {
            #expect(values[0, column].description == (try text.value(String.self, row: 0, column: column)),
                    "column \(values.columns[column].name)")
        }
    }

    @Test func datesAndTimestampsAgreeWithDuckDBAcrossCenturies() throws {
        let connection = try Database().connect()
        let result = try connection.query("""
            SELECT d, CAST(d AS VARCHAR), ts, CAST(ts AS VARCHAR)
            FROM (SELECT DATE '1600-02-28' + INTERVAL (i * 997) DAY AS d0, CAST(d0 AS DATE) AS d,
                         CAST(d0 AS TIMESTAMP) + INTERVAL (i * 7919) SECOND AS ts FROM range(300) r(i))
            """)
        #expect(result.rowCount == 300)
        for row in 0..<result.rowCount {
            #expect(result[row, 0].description == (try result.value(String.self, row: row, column: 1)))
            #expect(result[row, 2].description == (try result.value(String.self, row: row, column: 3)))
        }
        let date = DuckDBDate(year: 2020, month: 2, day: 29)
        #expect(date.components == (2020, 2, 29))
        #expect(DuckDBTimestamp(year: 1969, month: 12, day: 31, hour: 23).date == DuckDBDate(year: 1969, month: 12, day: 31))
    }

    @Test func otherTimestampPrecisionsAndEnumsRead() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
        let result = try connection.query("""
            SELECT TIMESTAMP_S '2020-01-01 00:00:01', TIMESTAMP_MS '2020-01-01 00:00:01.5',
                   TIMESTAMP_NS '2020-01-01 00:00:01.000002', 'happy'::mood, NULL::mood, NULL
            """)
        let expected = DuckDBTimestamp(year: 2020, month: 1, day: 1, second: 1)
        #expect(result[0, 0] == .timestamp(expected))
        #expect(result[0, 1] == .timestamp(DuckDBTimestamp(microsecondsSinceEpoch: expected.microsecondsSinceEpoch + 500_000)))
        #expect(result[0, 2] == .timestamp(DuckDBTimestamp(microsecondsSinceEpoch: expected.microsecondsSinceEpoch + 2)))
        #expect(result[0, 3] == .varchar("happy"))
        #expect(result.columns[3].type == .enumeration)
        #expect(result[0, 4] == .null)
        #expect(result[0, 5] == .null)
    }

    @Test func anUnreadableTypeIsAClearError() throws {
        let connection = try Database().connect()
        let error = #expect(throws: DuckDBError.self) { try connection.query("SELECT [1, 2] AS xs") }
        #expect(error?.message.contains("column 'xs' has type LIST") == true)
        #expect(error?.sql == "SELECT [1, 2] AS xs")
    }

    @Test func typedAccessConvertsAndRefusesWhatDoesNotFit() throws {
        let connection = try Database().connect()
        let result = try connection.query("SELECT 42 AS n, 2.5::DOUBLE AS x, 'hi' AS s, NULL::INTEGER AS missing, 3.25::DECIMAL(5,2) AS dec")
        #expect(try result.value(Int.self, row: 0, column: "n") == 42)
        #expect(try result.value(Double.self, row: 0, column: "n") == 42.0)
        #expect(try result.value(Double.self, row: 0, column: "dec") == 3.25)
        #expect(try result.value(Int.self, row: 0, column: "missing") == nil)
        #expect(throws: DuckDBError.self) { try result.value(Int.self, row: 0, column: "s") }
        #expect(throws: DuckDBError.self) { try result.value(Int.self, row: 0, column: "x") }
        #expect(throws: DuckDBError.self) { try result.value(Int.self, row: 0, column: "nope") }
        #expect(try connection.query("SELECT count(*) FROM range(7)").scalar(Int.self) == 7)
    }

    @Test func numericColumnsReadAsDoublesWithNullsMarked() throws {
        let connection = try Database().connect()
        let result = try connection.query("SELECT * FROM (VALUES (1.5::DOUBLE, 7, 0.25::DECIMAL(4,2)), (NULL, NULL, NULL), (3, -2, 1)) t(x, n, d)")
        #expect(try result.columns[0].doubles() == [1.5, nil, 3])
        #expect(try result.columns[1].doubles() == [7, nil, -2])
        #expect(try result.columns[2].doubles() == [0.25, nil, 1])
        #expect(try result.columns[0].doubles(null: -1) == [1.5, -1, 3])
        #expect(try result.columns[1].doubles(null: .infinity) == [7, .infinity, -2])
    }
}
