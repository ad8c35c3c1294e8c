import CDuckDB

/// The part of a connection another thread may use while the connection runs a statement: interrupt
/// it, or ask how far it has got. A `Connection` stays on one thread; only this crosses.
///
/// It owns DuckDB's connection handle, so the handle stays valid for as long as anyone may still
/// interrupt or probe it; the connection closes when the last of the two goes away.
public final class ConnectionControl: Sendable {
    // DuckDB documents duckdb_interrupt and duckdb_query_progress as safe to call while the
    // connection's query runs on another thread; nothing else is done through this handle from here.
    nonisolated(unsafe) let handle: duckdb_connection
    /// Kept so the database outlives the connection.
    let database: Database

    init(database: Database) throws {
        self.database = database
        var connection: duckdb_connection?
        let state = try database.withHandle { duckdb_connect($0, &connection) }
        guard state == DuckDBSuccess, let connection else {
            throw DuckDBError(.connect, message: "could not connect to \(database.path ?? ":memory:")")
        }
        handle = connection
    }

    deinit {
        var connection: duckdb_connection? = handle
        duckdb_disconnect(&connection)
    }

    /// Asks the statement running on the connection to stop; it ends with an "Interrupted" error.
    public func interrupt() { duckdb_interrupt(handle) }

    /// 0…100 of the running statement, or nil when none runs or DuckDB cannot tell (DuckDB estimates
    /// only with `enable_progress_bar` set on the connection).
    public var progressPercentage: Double? {
        let progress = duckdb_query_progress(handle)
        return progress.percentage >= 0 ? progress.percentage : nil
    }
}
