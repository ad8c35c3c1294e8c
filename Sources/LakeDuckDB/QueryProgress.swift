import CDuckDB

extension Connection {
    /// A handle another thread may use to ask how far this connection's running query has got
    /// (for progress bars). Valid while the connection lives.
    public func progressProbe() -> QueryProgressProbe { QueryProgressProbe(connection: self) }
}

/// Reads DuckDB's progress estimate for one connection's running query.
public struct QueryProgressProbe: @unchecked Sendable {
    // DuckDB documents duckdb_query_progress as safe to call while the query runs elsewhere.
    private let connection: Connection

    init(connection: Connection) { self.connection = connection }

    /// 0…100, or nil when no query is running or DuckDB cannot tell.
    public var percentage: Double? {
        let progress = duckdb_query_progress(connection.handle)
        return progress.percentage >= 0 ? progress.percentage : nil
    }
}
