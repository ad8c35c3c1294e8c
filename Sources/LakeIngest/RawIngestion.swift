import Foundation
import LakeDuckDB

/// The part of ingestion that reads data, run where the bronze model runs (never while it
/// compiles): lists the table's raw files, names each by its content, decides what is new,
/// replaced, unchanged, a duplicate, quarantined, vanished or forgotten, checks every line it
/// reads, stages what DuckDB cannot read as it is, and leaves the plan on the model's connection
/// for the model's SQL:
///   - `temp.lake_raw_files`: a row per file whose rows or log entry change, with the path
///     DuckDB reads (`read_path`) and lake's accounting;
///   - `temp.lake_raw_rejects`: the lines lake rejected, by file and line, with the reason;
///   - the variable `lake_raw_paths`: the paths for one headerless `read_csv(getvariable(…))`,
///     ending with an empty file so the list is never empty.
public final class RawIngestion {
    public static let filesTable = "lake_raw_files"
    public static let rejectsTable = "lake_raw_rejects"
    public static let pathsVariable = "lake_raw_paths"

    public let spec: RawFilesSpec
    public private(set) var outcome: IngestionOutcome
    /// Files DuckDB reads where they lie, with the `stat` they had: checked again after the load.
    private var readInPlace: [(file: String, path: String, fingerprint: FileFingerprint)] = []
    private let staging: String

    /// Reads and plans; `staging` is a folder this node owns for the run (emptied first).
    /// `forget`: files whose rows are retracted; `skip`: files to leave for the next run.
    public init(_ spec: RawFilesSpec, root: String, staging: String, fullRefresh: Bool, forget: Set<String> = [],
                skip: Set<String> = [], on connection: Connection) throws {
        self.spec = spec
        self.staging = staging
        let manager = FileManager.default
        try? manager.removeItem(atPath: staging)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)

        let known = try IngestionLogEntry.read(table: spec.table, log: spec.log, on: connection)
        let listing = RawFileListing(root: root, location: spec.location)
        let rules = LineRules(columns: spec.columns)
        var decisions: [FileDecision] = []
        var reported: [IngestionOutcome.File] = listing.notIngested.map { IngestionOutcome.File(file: $0.file, action: .notIngested, detail: $0.why) }
        let candidates = Dictionary(listing.candidates.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        // Each file's log entries: its own, or an archive's members'.
        let entriesByContainer = Dictionary(grouping: known.values, by: \.container)
        var stagedCount = 0
        func nextStagedPath() -> String { stagedCount += 1; return staging + "/\(stagedCount).csv" }

        // 1. What is on disk: unchanged by its `stat`, or read (hashed and checked) now.
        for candidate in listing.candidates {
            if skip.contains(candidate.file) {
                reported.append(.init(file: candidate.file, action: .beingWritten, detail: "it changed while lake loaded it"))
                continue
            }
            let entries = known[candidate.file].map { [$0] } ?? entriesByContainer[candidate.file] ?? []
            if !fullRefresh, !entries.isEmpty, entries.allSatisfy({ $0.stillDescribes(candidate.fingerprint) }) {
                // A quarantined file is said again every run until it is replaced or forgotten.
                decisions += entries.map { entry in
                    FileDecision(file: entry.file, action: .unchanged, detail: entry.status == "quarantined" ? "still quarantined: \(entry.reason ?? "unreadable")" : nil,
                                 contentHash: entry.contentHash, fingerprint: candidate.fingerprint)
                }
                continue
            }
            let read = CandidateReader.read(candidate, rules: rules, table: spec.table, stagedPath: nextStagedPath)
            if read.changedWhileRead {
                reported.append(.init(file: candidate.file, action: .beingWritten, detail: "its size or time changed while lake read it"))
                continue
            }
            reported += read.notIngested.map { .init(file: $0.file, action: .notIngested, detail: $0.why) }
            decisions += read.decisions
        }

        // 2. Forgotten files: only ones that left the landing folder (a present file would be read again).
        let present = Set(decisions.map(\.file) + reported.map(\.file))
        for file in forget where known[file] != nil {
            if present.contains(file) {
                throw IngestError("\(file) is still in \(spec.location): remove it first, or its rows are read again by the next run")
            }
            decisions.append(FileDecision(file: file, action: .forgotten))
        }

        // 3. Content identity: each content is loaded once, by the file that first brought it, and
        // keeps that file while it holds the same bytes (read again or not), so neither a touched
        // original nor a --full-refresh hands its rows to a copy.
        let replacedOrGone = Set(decisions.filter { decision in
            decision.action == .forgotten || decision.action == .quarantined
                || (decision.scan != nil && decision.contentHash != known[decision.file]?.contentHash)
        }.map(\.file))
        var holders: [String: String] = [:]
        for entry in known.values.sorted(by: { $0.file < $1.file }) where entry.status == "loaded" && !replacedOrGone.contains(entry.file) {
            if holders[entry.contentHash] == nil { holders[entry.contentHash] = entry.file }
        }
        for index in decisions.indices {
            var decision = decisions[index]
            defer { decisions[index] = decision }
            guard decision.action != .forgotten, decision.action != .quarantined else { continue }
            let before = known[decision.file]
            if decision.scan == nil {
                // Unchanged on disk; a duplicate whose original went away is read and loaded now,
                // or names the file that holds its content now.
                if before?.status == "duplicate", let holder = holders[decision.contentHash] {
                    if holder != before?.sameAs {
                        decision.sameAs = holder
                        decision.refreshOnly = true
                    }
                } else if before?.status == "duplicate", let candidate = candidates[decision.file] {
                    let read = CandidateReader.read(candidate, rules: rules, table: spec.table, stagedPath: nextStagedPath)
                    if let fresh = read.decisions.first(where: { $0.file == decision.file }), !read.changedWhileRead {
                        decision = fresh
                        decision.action = .new
                        decision.detail = "a copy of content no other file holds any more"
                        holders[decision.contentHash] = decision.file
                    }
                } else if before?.status == "loaded", holders[decision.contentHash] == nil {
                    holders[decision.contentHash] = decision.file
                }
                continue
            }
            if decision.contentHash != ContentHasher.empty, let holder = holders[decision.contentHash], holder != decision.file {
                decision.action = .duplicate
                decision.sameAs = holder
                decision.readPath = nil
            } else if !fullRefresh, let before, before.contentHash == decision.contentHash, before.status == "loaded" {
                decision.action = .unchanged
                decision.refreshOnly = true
                decision.readPath = nil
                holders[decision.contentHash] = decision.file
            } else {
                decision.action = before == nil ? .new : .replaced
                holders[decision.contentHash] = decision.file
            }
        }

        // 4. Vanished: in the log, no longer on disk; their rows stay.
        let decided = Set(decisions.map(\.file) + reported.map(\.file))
        for entry in known.values.sorted(by: { $0.file < $1.file }) where !decided.contains(entry.file) && !forget.contains(entry.file) {
            reported.append(.init(file: entry.file, action: .vanished, detail: entry.status == "loaded" ? "its rows stay in bronze" : nil))
        }

        for decision in decisions where decision.readPath != nil && decision.scan?.needsStaging == false {
            if let candidate = candidates[decision.file] { readInPlace.append((decision.file, candidate.path, candidate.fingerprint)) }
        }
        outcome = IngestionOutcome(table: spec.table, location: spec.location, log: spec.log, rejects: spec.rejects,
                                   files: (decisions.map(\.outcome) + reported).sorted { $0.file < $1.file })
        try publish(decisions, on: connection)
    }

    /// The plan, on the model's connection (see the type's comment).
    private func publish(_ decisions: [FileDecision], on connection: Connection) throws {
        let files = "temp.main.\(Self.filesTable)"
        try connection.execute("""
            CREATE OR REPLACE TEMP TABLE \(Self.filesTable) (file VARCHAR, read_path VARCHAR, action VARCHAR,
                status VARCHAR, content_hash VARCHAR, size BIGINT, mtime_ns BIGINT, ctime_ns BIGINT, same_as VARCHAR, reason VARCHAR,
                lines_read BIGINT, lines_blank BIGINT, rejected_by_lake BIGINT)
            """)
        try connection.execute("""
            CREATE OR REPLACE TEMP TABLE \(Self.rejectsTable) (file VARCHAR, line BIGINT, error_type VARCHAR, column_name VARCHAR,
                csv_line VARCHAR, error_message VARCHAR)
            """)
        let fileRows = try connection.appender(table: Self.filesTable, catalog: "temp")
        let rejectRows = try connection.appender(table: Self.rejectsTable, catalog: "temp")
        func text(_ value: String?) throws { if let value { try fileRows.append(value) } else { try fileRows.appendNull() } }
        for decision in decisions where decision.action != .unchanged || decision.refreshOnly {
            let counts = decision.lineCounts
            try text(decision.file)
            try text(decision.readPath)
            try text(decision.refreshOnly ? "refresh" : decision.action.rawValue)
            try text(decision.logStatus)
            try text(decision.contentHash)
            try fileRows.append(decision.fingerprint.size)
            try fileRows.append(decision.fingerprint.modifiedNanoseconds)
            try fileRows.append(decision.fingerprint.changedNanoseconds)
            try text(decision.sameAs)
            try text(decision.action == .quarantined ? decision.detail : nil)
            try fileRows.append(counts.read)
            try fileRows.append(counts.blank)
            try fileRows.append(counts.rejected)
            try fileRows.endRow()
            if decision.action == .quarantined {
                try rejectRows.appendRow([.varchar(decision.file), .null, .varchar("QUARANTINED"), .null, .null,
                                          .varchar("the whole file: " + (decision.detail ?? "unreadable"))])
            } else if counts.rejected > 0 {
                for line in decision.scan?.rejected ?? [] {
                    try rejectRows.appendRow([.varchar(decision.file), .integer(Int64(line.line)), .varchar(line.problem.kind.rawValue),
                                              line.problem.column.map(DuckDBValue.varchar) ?? .null, .varchar(line.text), .varchar(line.problem.message)])
                }
            }
        }
        try fileRows.close()
        try rejectRows.close()
        // An empty file ends the list: read_csv needs at least one file, and it adds no row.
        let empty = staging + "/empty.csv"
        guard FileManager.default.createFile(atPath: empty, contents: Data()) else { throw IngestError("cannot write \(empty)") }
        try connection.execute("""
            SET VARIABLE \(Self.pathsVariable) = (SELECT list_append(coalesce(list(read_path ORDER BY file), []), \(SQLText.literal(empty)))
            FROM \(files) WHERE read_path IS NOT NULL)
            """)
    }

    /// The files DuckDB read where they lie and that changed since lake read them: their rows may
    /// not be the content lake named. The runner rolls the model back and leaves them for later.
    public func changedSinceRead() -> [String] {
        readInPlace.filter { FileFingerprint.of($0.path) != $0.fingerprint }.map(\.file)
    }

    /// Removes the staged copies (after the model committed or rolled back).
    public func removeStagedCopies() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
