import Foundation
import LakeDuckDB
import LakeIngest

/// How one node's execution ended, in dbt's words.
public enum NodeStatus: String, Sendable {
    case success, error, skipped, pass, fail, warn
    /// A node with nothing to run (an exposure), as dbt build reports it.
    case noOp = "no-op"

    /// The summary bucket: PASS, WARN, ERROR, SKIP or NO-OP.
    var summaryBucket: String {
        switch self {
        case .success, .pass: "PASS"
        case .warn: "WARN"
        case .error, .fail: "ERROR"
        case .skipped: "SKIP"
        case .noOp: "NO-OP"
        }
    }

    /// Whether dependents may still run after it.
    var letsDependentsRun: Bool { self == .success || self == .pass || self == .warn || self == .noOp }

    /// The failures a test with this status reports of the `counted` rows: none when it passed
    /// (under its warn_if / error_if), as dbt's run results say.
    func reportedFailures(_ counted: Int) -> Int { self == .pass ? 0 : counted }
}

/// The outcome of one node: what `run_results.json` records and the progress line prints.
public struct NodeResult: Sendable {
    public let uniqueId: String
    public let status: NodeStatus
    public var message: String
    /// Rows written (models, seeds) or failing rows (tests).
    public let rows: Int?
    public let failures: Int?
    public let started: Date
    public let finished: Date
    /// The SQL that ran, for the manifest's compiled_code.
    public let sql: String?
    /// What a model that reads raw files did with each of them.
    public var ingestion: IngestionOutcome? = nil
    /// A test checked on the rows changed after this snapshot (it passed there), not on every row.
    public var changesSince: Int? = nil
    /// Of `seconds`, the time spent waiting for the lake's writer turn (a SQLite catalog takes one
    /// writer at a time), so a slow line says whether the node worked or waited.
    public var secondsWaiting: Double = 0
    /// DuckDB's kind of error, when DuckDB failed the node (`.catalog`: a table it reads is not there).
    public var errorType: DuckDBErrorType? = nil

    public var seconds: Double { finished.timeIntervalSince(started) }
}
