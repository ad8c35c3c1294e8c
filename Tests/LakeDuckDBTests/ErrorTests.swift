import Testing
@testable import LakeDuckDB

@Suite struct ErrorTests {
    @Test func badSQLCarriesDuckDBsMessageAndTheSQL() throws {
        let connection = try Database().connect()
        let syntax = #expect(throws: DuckDBError.self) { try connection.execute("SELEC 1") }
        #expect(syntax?.message.contains("syntax error at or near \"SELEC\"") == true)
        #expect(syntax?.sql == "SELEC 1")
        #expect(syntax?.description.contains("in SQL: SELEC 1") == true)

        let missing = #expect(throws: DuckDBError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(missing?.message.contains("Table with name no_such_table does not exist") == true)
        #expect(missing?.operation == .query)
    }

    /// A failed statement carries DuckDB's kind of error, so callers decide by kind, not by words.
    @Test func aFailedStatementCarriesDuckDBsErrorType() throws {
        let connection = try Database().connect()
        #expect((#expect(throws: DuckDBError.self) { try connection.execute("SELEC 1") })?.type == .parser)
        #expect((#expect(throws: DuckDBError.self) { try connection.query("SELECT * FROM no_such_table") })?.type == .catalog)
        #expect((#expect(throws: DuckDBError.self) { try connection.query("SELECT 'x'::INTEGER") })?.type == .conversion)
        #expect((#expect(throws: DuckDBError.self) { try connection.query("SELECT no_such_column FROM range(1)") })?.type == .binder)
        let statement = try connection.prepare("SELECT ?::INTEGER")
        try statement.bind([.varchar("nope")])
        #expect((#expect(throws: DuckDBError.self) { try statement.query() })?.type == .conversion)
        // Two transactions writing one row: the second to commit conflicts, and says so by kind.
        let database = try Database()
        let first = try database.connect(), second = try database.connect()
        try first.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 0)")
        try first.execute("BEGIN; UPDATE t SET v = 1 WHERE k = 1")
        try second.execute("BEGIN")
        let conflict = #expect(throws: DuckDBError.self) { try second.execute("UPDATE t SET v = 2 WHERE k = 1") }
        #expect(conflict?.type == .transaction && conflict?.isTransactionConflict == true, "\(String(describing: conflict))")
    }

    @Test func prepareAndBindErrorsNameTheStatement() throws {
        let connection = try Database().connect()
        let prepare = #expect(throws: DuckDBError.self) { try connection.prepare("SELECT * FROM nowhere WHERE x = ?") }
        #expect(prepare?.operation == .prepare)
        #expect(prepare?.message.contains("nowhere") == true)
        #expect(prepare?.sql == "SELECT * FROM nowhere WHERE x = ?")
        // The C API gives a failed prepare no type; it is read from DuckDB's "<Type> Error:" prefix.
        #expect(prepare?.type == .catalog)
        #expect(try #require(#expect(throws: DuckDBError.self) { try connection.prepare("SELEC ?") }).type == .parser)

        let statement = try connection.prepare("SELECT ?::INTEGER + ?::INTEGER")
        let count = #expect(throws: DuckDBError.self) { try statement.query([1]) }
        #expect(count?.message == "the statement takes 2 parameters, 1 given")
        let cast = #expect(throws: DuckDBError.self) { try statement.query(["x", 1]) }
        #expect(cast?.operation == .execute)
        #expect(cast?.message.contains("Could not convert string 'x'") == true)
        #expect(try statement.query([2, 3]).scalar(Int.self) == 5)
    }

    @Test func aBadOptionIsAnErrorNamingIt() throws {
        let error = #expect(throws: DuckDBError.self) {
            try Database(configuration: .init(options: ["no_such_option": "1"]))
        }
        // DuckDB accepts unknown names into a configuration and refuses them when opening.
        #expect(error?.operation == .open)
        #expect(error?.message.contains("no_such_option") == true)
        let value = #expect(throws: DuckDBError.self) { try Database(configuration: .init(accessMode: .readOnly, options: ["threads": "many"])) }
        #expect(value?.message.contains("threads") == true)
    }
}
