import Foundation
import Testing
import Synchronization
@testable import LakeDuckDB

@Suite struct ConnectionControlTests {
    /// Another thread sees a long statement's progress and stops it, holding only the control: the
    /// connection itself never leaves the thread that runs the statement.
    @Test func anotherThreadWatchesAndInterruptsThroughTheControl() throws {
        let connection = try Database().connect()
        // DuckDB estimates progress from table scans, not from a table function such as range().
        try connection.execute("CREATE TABLE numbers AS SELECT x FROM range(20000000) r(x)")
        try connection.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
        let control = connection.control
        let seen = Mutex<Double?>(nil)
        let watcher = Thread {
            // Wait until the statement reports progress, then stop it.
            for _ in 0..<600 {
                if let percentage = control.progressPercentage, percentage > 0 {
                    seen.withLock { $0 = percentage }
                    break
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            control.interrupt()
        }
        watcher.start()
        let error = #expect(throws: DuckDBError.self) {
            try connection.query("SELECT count(DISTINCT md5(md5(x::VARCHAR))) FROM numbers")
        }
        #expect(error?.type == .interrupt)
        let percentage = try #require(seen.withLock { $0 })
        #expect(percentage > 0 && percentage < 100)
        // The connection still works after the interruption.
        #expect(try connection.query("SELECT 42").scalar(Int.self) == 42)
        #expect(control.progressPercentage == nil)
    }

    /// The control keeps the handle alive: probing after the connection itself is gone is safe.
    @Test func theControlOutlivesItsConnection() throws {
        var connection: Connection? = try Database().connect()
        let control = try #require(connection?.control)
        connection = nil
        #expect(control.progressPercentage == nil)
        control.interrupt()
    }
}
