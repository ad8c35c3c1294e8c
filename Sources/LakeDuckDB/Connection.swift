import CDuckDB
import Foundation

/// One session with a `Database`: runs statements, prepares them, and appends rows.
///
/// A connection is used by one thread at a time (it is deliberately not `Sendable`); give each worker
/// its own. Another thread interrupts or watches it through its `control`. It is closed when both
/// have gone away.
public final class Connection {
    /// What another thread may do to this connection while it runs a statement.
    public let control: ConnectionControl
    var handle: duckdb_connection { control.handle }
    public var database: Database { control.database }
    /// SQL that `transaction(_:)` runs right after BEGIN on this connection, e.g. a call that
    /// labels the commit; nil runs nothing.
    public var transactionPrologue: String?
    /// A lock `transaction(_:)` holds from BEGIN to COMMIT, for databases where this process's
    /// writing transactions must not overlap; nil lets them run side by side.
    public var transactionLock: (any NSLocking)?
    /// Seconds `transaction(_:)` has waited for `transactionLock` so far: time a build spent in
    /// line, not working.
    public internal(set) var secondsWaitedForLock: Double = 0
    /// Who this connection works for (e.g. the node it builds), passed to the database's
    /// statement observer.
    public var label: String?

    init(database: Database) throws {
        control = try ConnectionControl(database: database)
    }

    /// Runs one or more statements, discarding any rows. Returns the rows changed by the last one.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try withResult(of: sql) { Int(duckdb_rows_changed(&$0)) }
    }

    /// Runs a statement and reads its whole result.
    public func query(_ sql: String) throws -> QueryResult {
        try withResult(of: sql) { result in
            var reader = try ResultReader(result: &result, sql: sql)
            return try reader.readAll()
        }
    }

    /// Runs a statement and hands its result to `body` one chunk (up to 2,048 rows) at a time,
    /// so results larger than memory can be consumed.
    public func forEachChunk(_ sql: String, _ body: (QueryResult) throws -> Void) throws {
        try withResult(of: sql) { result in
            var reader = try ResultReader(result: &result, sql: sql)
            while let chunk = try reader.readNextChunk() { try body(chunk) }
        }
    }

    /// Runs a statement with bound parameters (`?` or `$1`).
    @discardableResult
    public func query(_ sql: String, _ arguments: [DuckDBValue]) throws -> QueryResult {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.query()
    }

    public func prepare(_ sql: String) throws -> PreparedStatement {
        try PreparedStatement(connection: self, sql: sql)
    }

    /// An appender writing rows to `table` (in `schema`, default main, of `catalog`, default the
    /// connection's current database; "temp" for temporary tables) in bulk.
    public func appender(table: String, schema: String? = nil, catalog: String? = nil) throws -> Appender {
        try Appender(connection: self, catalog: catalog, schema: schema, table: table)
    }

    /// Runs `sql`, throws DuckDB's error if it failed, and otherwise lets `body` read the result
    /// before it is destroyed.
    private func withResult<T>(of sql: String, _ body: (inout duckdb_result) throws -> T) throws -> T {
        var result = duckdb_result()
        let observer = database.statementObserver
        let started = observer == nil ? 0 : DispatchTime.now().uptimeNanoseconds
        let state = duckdb_query(handle, sql, &result)
        defer { duckdb_destroy_result(&result) }
        var failed = state != DuckDBSuccess
        defer {
            if let observer {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                observer(StatementTiming(sql: sql, seconds: seconds, failed: failed, label: label))
            }
        }
        guard !failed else {
            throw DuckDBError(.query, message: Self.errorMessage(of: &result), sql: sql, type: .of(&result))
        }
        do { return try body(&result) } catch { failed = true; throw error }
    }

    static func errorMessage(of result: inout duckdb_result) -> String {
        duckdb_result_error(&result).map { String(cString: $0) } ?? "unknown error"
    }
}
