import Foundation

/// An error reported by DuckDB, or by this layer on DuckDB's behalf.
///
/// It carries DuckDB's own message and, when a statement was involved, the SQL that failed, so the
/// person reading it never has to guess which query broke.
public struct DuckDBError: Error, Sendable, Equatable {
    /// What the layer was doing when DuckDB failed.
    public enum Operation: String, Sendable {
        case open, connect, configure, query, prepare, bind, execute, append, read
    }

    public let operation: Operation
    /// DuckDB's message, verbatim.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?
    /// DuckDB's kind of failure, when a statement failed (nil for opening, binding, appending).
    public let type: DuckDBErrorType?

    public init(_ operation: Operation, message: String, sql: String? = nil, type: DuckDBErrorType? = nil) {
        self.operation = operation
        self.message = message
        self.sql = sql
        self.type = type
    }

    /// True when the operating system or the network failed in a way that may pass (EIO, EAGAIN, a
    /// reset connection, a timeout, a stale NFS handle): running the statement again may succeed.
    /// A missing file or a bad path is no such failure.
    public var isTransientIO: Bool {
        ["Input/output error", "Resource temporarily unavailable", "Connection reset", "timed out", "Timed out",
         "Stale file handle", "Interrupted system call", "Temporary failure", "Connection refused"].contains { message.contains($0) }
    }

    /// True when a concurrent transaction committed a change this one conflicts with (DuckDB's
    /// write-write conflicts, and a lakehouse catalog's commit conflicts): running it again may succeed.
    public var isTransactionConflict: Bool {
        type == .transaction || message.contains("TransactionContext Error") || message.contains("Transaction conflict")
            || message.contains("write-write conflict") || message.contains("Catalog write-write conflict")
            // A SQLite catalog refuses a commit outright (no busy wait) when waiting could deadlock.
            || message.contains("database is locked")
    }
}

extension DuckDBError: CustomStringConvertible {
    public var description: String {
        guard let sql else { return "DuckDB \(operation.rawValue) failed: \(message)" }
        return "DuckDB \(operation.rawValue) failed: \(message)\n  in SQL: \(Self.abbreviate(sql))"
    }

    /// Long statements are cut in the message; the full text stays in `sql`.
    private static func abbreviate(_ sql: String, limit: Int = 2_000) -> String {
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count <= limit ? trimmed : String(trimmed.prefix(limit)) + " …"
    }
}
