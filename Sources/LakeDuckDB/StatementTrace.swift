import Foundation

/// One statement a connection ran: its text, how long DuckDB took (result included), whether it
/// failed, and the label the connection carried (who ran it).
public struct StatementTiming: Sendable {
    public let sql: String
    public let seconds: Double
    public let failed: Bool
    public let label: String?
}

/// Who hears of every statement a database's connections run (GRDB's `trace` habit): a debug log,
/// a profile. Nil costs nothing but one read under a lock per statement.
public typealias StatementObserver = @Sendable (StatementTiming) -> Void
