import Foundation
import Testing
@testable import LakeDuckDB

@Suite struct DatabaseTests {
    @Test func aReadOnlyDatabaseReadsWhatAnotherWroteAndClosed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("warehouse.duckdb")
        do {
            let writer = try Database(path: path)
            let connection = try writer.connect()
            try connection.execute("CREATE TABLE jobs AS SELECT i AS id, 'job' || i AS name FROM range(1000) r(i)")
            writer.close()
        }
        let reader = try Database(path: path, configuration: .init(accessMode: .readOnly))
        let connection = try reader.connect()
        #expect(try connection.query("SELECT count(*) FROM jobs").scalar(Int.self) == 1_000)
        #expect(try connection.query("SELECT name FROM jobs WHERE id = 999").scalar(String.self) == "job999")
        let error = #expect(throws: DuckDBError.self) { try connection.execute("INSERT INTO jobs VALUES (1, 'x')") }
        #expect(error?.message.contains("read-only") == true)
    }

    @Test func optionsReachDuckDB() throws {
        let database = try Database(configuration: .init(threads: 1, memoryLimit: "512MB"))
        let connection = try database.connect()
        #expect(try connection.query("SELECT current_setting('threads')").scalar(Int.self) == 1)
        #expect(try connection.query("SELECT current_setting('memory_limit')").scalar(String.self)?.hasPrefix("488") == true)
    }

    @Test func theStatementObserverHearsEveryStatementWithItsLabelTimeAndOutcome() throws {
        let database = try Database()
        let heard = Mutex()
        nonisolated(unsafe) var timings: [StatementTiming] = []
        database.statementObserver = { timing in heard.withLock { timings.append(timing) } }
        let connection = try database.connect()
        connection.label = "node_a"
        try connection.execute("CREATE TABLE t AS SELECT range AS x FROM range(200000)")
        #expect(try connection.query("SELECT sum(x) FROM t").scalar(Int.self) == 19_999_900_000)
        #expect(throws: DuckDBError.self) { try connection.execute("SELECT * FROM missing") }
        database.statementObserver = nil
        try connection.execute("SELECT 1")
        let seen = heard.withLock { timings }
        #expect(seen.map(\.sql) == ["CREATE TABLE t AS SELECT range AS x FROM range(200000)", "SELECT sum(x) FROM t", "SELECT * FROM missing"])
        #expect(seen.map(\.failed) == [false, false, true])
        #expect(seen.allSatisfy { $0.label == "node_a" && $0.seconds >= 0 && $0.seconds < 60 })
    }

    @Test func aClosedDatabaseRefusesNewConnections() throws {
        let database = try Database()
        database.close()
        #expect(throws: DuckDBError.self) { try database.connect() }
    }

    @Test func transactionsCommitOrRollBack() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (x INTEGER)")
        try connection.transaction { try $0.execute("INSERT INTO t VALUES (1)") }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (2)")
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT list(x)::VARCHAR FROM t").scalar(String.self) == "[1]")
    }

    /// A transaction that waits for its lock counts the wait, so a build can say it was in line.
    @Test func aTransactionCountsItsWaitForTheLock() throws {
        let database = try Database()
        let lock = NSLock()
        let connection = try database.connect()
        connection.transactionLock = lock
        try connection.transaction { _ in }
        #expect(connection.secondsWaitedForLock < 0.1)
        lock.lock()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { lock.unlock() }
        try connection.transaction { _ in }
        #expect(connection.secondsWaitedForLock >= 0.25 && connection.secondsWaitedForLock < 5)
    }

    @Test func executeReportsRowsChanged() throws {
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t AS SELECT * FROM range(10) r(x)")
        #expect(try connection.execute("DELETE FROM t WHERE x < 4") == 4)
    }

    @Test func theLibraryIsThePinnedVersion() throws {
        // scripts/duckdb.version is the one place the version is pinned.
        let pin = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/duckdb.version")
        let pinned = try String(contentsOf: pin, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Database.libraryVersion == "v" + pinned)
    }
}
