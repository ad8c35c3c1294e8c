import Foundation
import LakeDuckDB

/// The part of ingestion that reads data, run where the bronze model runs (never while it
/// compiles): lists the table's raw files, names each by its content, decides what is new,
/// replaced, unchanged, a duplicate, quarantined, vanished or forgotten, checks every line it
/// reads, stages what DuckDB cannot read as it is, and leaves the plan on the model's connection
/// for the model's SQL:
///   - `temp.lake_raw_files`: a row per file whose rows or log entry change, with the path
///     DuckDB reads (`read_path`), whether it starts with a header, and lake's accounting;
///   - `temp.lake_raw_rejects`: the lines lake rejected, by file and line, with the reason;
///   - the variables `lake_raw_plain_files` and `lake_raw_headed_files`: the paths for
///     `read_csv(getvariable(…))`, each list ending with an empty file so it is never empty.
public final class RawIngestion {
    public static let filesTable = "lake_raw_files"
    public static let rejectsTable = "lake_raw_rejects"
    public static let plainFilesVariable = "lake_raw_plain_files"
    public static let headedFilesVariable = "lake_raw_headed_files"

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
        var reported: [IngestionOutcome.File] = listing.notIngested.map {
            IngestionOutcome.File(file: $0.file, action: .notIngested, detail: $0.why, linesRead: 0, blankLines: 0, rejectedLines: 0)
        }
        var stagedCount = 0
        func nextStagedPath() -> String { stagedCount += 1; return staging + "/\(stagedCount).csv" }

        // 1. What is on disk: unchanged by its `stat`, or read (hashed and checked) now.
        for candidate in listing.candidates {
            if skip.contains(candidate.file) {
                reported.append(.init(file: candidate.file, action: .beingWritten, detail: "it changed while lake loaded it", linesRead: 0, blankLines: 0, rejectedLines: 0))
                continue
            }
            if case .archive = candidate.container {
                let members = known.values.filter { $0.file.hasPrefix(candidate.file + "!") }
                if !fullRefresh, !members.isEmpty, members.allSatisfy({ $0.stillDescribes(candidate.fingerprint) }) {
                    decisions += members.map { FileDecision(file: $0.file, action: .unchanged, contentHash: $0.contentHash, fingerprint: candidate.fingerprint) }
                    continue
                }
            } else if !fullRefresh, let entry = known[candidate.file], entry.stillDescribes(candidate.fingerprint) {
                decisions.append(FileDecision(file: candidate.file, action: .unchanged, contentHash: entry.contentHash, fingerprint: candidate.fingerprint))
                continue
            }
            let read = CandidateReader.read(candidate, rules: rules, table: spec.table, stagedPath: nextStagedPath)
            if read.changedWhileRead {
                reported.append(.init(file: candidate.file, action: .beingWritten, detail: "its size or time changed while lake read it", linesRead: 0, blankLines: 0, rejectedLines: 0))
                continue
            }
            reported += read.notIngested.map { .init(file: $0.file, action: .notIngested, detail: $0.why, linesRead: 0, blankLines: 0, rejectedLines: 0) }
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

        // 3. Content identity: each content is loaded once, by the file that first brought it.
        let replacedOrGone = Set(decisions.filter { $0.scan != nil || $0.action == .forgotten || $0.action == .quarantined }.map(\.file))
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
                // Unchanged on disk; a duplicate whose original went away is read and loaded now.
                if before?.status == "duplicate", holders[decision.contentHash] == nil,
                   let candidate = listing.candidates.first(where: { $0.file == decision.file }) {
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
            if let holder = holders[decision.contentHash], holder != decision.file {
                decision.action = .duplicate
                decision.detail = "same content as \(holder)"
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
            reported.append(.init(file: entry.file, action: .vanished, detail: entry.status == "loaded" ? "its rows stay in bronze" : nil,
                                  linesRead: 0, blankLines: 0, rejectedLines: 0))
        }

        for decision in decisions where decision.readPath != nil && decision.scan?.needsStaging == false {
            if let candidate = listing.candidates.first(where: { $0.file == decision.file }) {
                readInPlace.append((decision.file, candidate.path, candidate.fingerprint))
            }
        }
        let files = decisions.map { decision in
            IngestionOutcome.File(file: decision.file, action: decision.action, detail: decision.detail,
                                  linesRead: decision.action == .duplicate ? 0 : decision.scan?.linesRead ?? 0,
                                  blankLines: decision.action == .duplicate ? 0 : decision.scan?.blank ?? 0,
                                  rejectedLines: decision.action == .duplicate ? 0 : decision.scan?.rejected.count ?? 0)
        }
        outcome = IngestionOutcome(table: spec.table, location: spec.location, log: spec.log, rejects: spec.rejects, files: (files + reported).sorted { $0.file < $1.file })
        try publish(decisions, on: connection)
    }

    /// The plan, on the model's connection (see the type's comment).
    private func publish(_ decisions: [FileDecision], on connection: Connection) throws {
        let files = "temp.main.\(Self.filesTable)"
        try connection.execute("""
            CREATE OR REPLACE TEMP TABLE \(Self.filesTable) (file VARCHAR, read_path VARCHAR, header BOOLEAN, action VARCHAR,
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
            let status: String? = switch decision.action {
            case .new, .replaced, .unchanged: "loaded"
            case .duplicate: "duplicate"
            case .quarantined: "quarantined"
            default: nil
            }
            let counted = decision.action == .new || decision.action == .replaced || decision.action == .quarantined
            try text(decision.file)
            try text(decision.readPath)
            try fileRows.append(decision.header)
            try text(decision.refreshOnly ? "refresh" : decision.action.rawValue)
            try text(status)
            try text(decision.contentHash)
            try fileRows.append(decision.fingerprint.size)
            try fileRows.append(decision.fingerprint.modifiedNanoseconds)
            try fileRows.append(decision.fingerprint.changedNanoseconds)
            try text(decision.action == .duplicate ? decision.detail.map { String($0.dropFirst("same content as ".count)) } : nil)
            try text(decision.action == .quarantined ? decision.detail : nil)
            try fileRows.append(counted ? decision.scan?.linesRead ?? 1 : 0)
            try fileRows.append(counted ? decision.scan?.blank ?? 0 : 0)
            try fileRows.append(counted ? decision.action == .quarantined ? max(1, (decision.scan?.linesRead ?? 1) - (decision.scan?.blank ?? 0))
                                                                          : decision.scan?.rejected.count ?? 0 : 0)
            try fileRows.endRow()
            if decision.action == .quarantined {
                try rejectRows.appendRow([.varchar(decision.file), .null, .varchar("QUARANTINED"), .null, .null,
                                          .varchar("the whole file: " + (decision.detail ?? "unreadable"))])
            } else if counted {
                for line in decision.scan?.rejected ?? [] {
                    try rejectRows.appendRow([.varchar(decision.file), .integer(Int64(line.line)), .varchar(line.problem.kind.rawValue),
                                              line.problem.column.map(DuckDBValue.varchar) ?? .null, .varchar(line.text), .varchar(line.problem.message)])
                }
            }
        }
        try fileRows.close()
        try rejectRows.close()
        // An empty file ends each list: read_csv needs at least one file, and it adds no row.
        let empty = staging + "/empty.csv"
        guard FileManager.default.createFile(atPath: empty, contents: Data()) else { throw IngestError("cannot write \(empty)") }
        for (variable, header) in [(Self.plainFilesVariable, false), (Self.headedFilesVariable, true)] {
            try connection.execute("""
                SET VARIABLE \(variable) = (SELECT list_append(coalesce(list(read_path ORDER BY file), []), \(SQLText.literal(empty)))
                FROM \(files) WHERE read_path IS NOT NULL AND header = \(header))
                """)
        }
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
