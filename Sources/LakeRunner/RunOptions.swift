import Foundation
import LakeTemplates
import LakeProject

/// What a command asks the runner to do.
public struct RunOptions: Sendable {
    /// Which kinds of node the command executes: `lake run` all, `lake test` tests, `lake seed` seeds.
    public enum Scope: Sendable { case everything, testsOnly, seedsOnly, snapshotsOnly }
    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    public var scope: Scope = .everything
    public var select: [String] = []
    public var exclude: [String] = []
    public var fullRefresh = false
    /// dbt's `--event-time-start` / `--event-time-end`: the window microbatch models build.
    public var eventTimeStart: Date?
    public var eventTimeEnd: Date?
    /// `--wait-for-lock`: seconds to wait for another writer of the lake (nil: fail at once).
    public var waitForLock: Double?
    public var failFast = false
    /// dbt's --empty: every ref and source in a node's SQL reads no rows.
    public var empty = false
    public var threads: Int?
    public var quiet = false
    /// dbt's `--debug`: every SQL statement the run sends DuckDB, with the node that sent it and how
    /// long it took, printed and logged.
    public var debug = false
    public var logFormat: LogFormat = .text
    public var variables: [String: JSONValue] = [:]
    /// Raw files whose rows are retracted (`lake ingest --forget`), as the ingestion log names them.
    public var forget: [String] = []
    /// The width of a terminal the text log goes to: a live status line (elapsed time, the nodes
    /// running and DuckDB's progress on each) is redrawn under the log. nil for a pipe or a file,
    /// whose log gets a line for each long node instead.
    public var statusLineWidth: Int?
    /// dbt's `--indirect-selection`: which tests come along with the selected nodes.
    public var indirectSelection: Selector.IndirectSelection = .eager
    /// Which profiles.yml and target a dbt project runs with.
    public var profile = ProfileSelection()

    public init() {}
}
