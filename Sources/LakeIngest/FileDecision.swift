/// One file's fate in one run, as ingestion plans it, and what the ingestion log records of it.
struct FileDecision {
    var file: String
    var action: IngestionOutcome.Action
    /// The reason for a quarantine, a word on why a duplicate is loaded after all, or that an
    /// unchanged file is still quarantined.
    var detail: String?
    /// For a duplicate, the file that holds its content.
    var sameAs: String?
    var readPath: String?
    var contentHash = ""
    var fingerprint = FileFingerprint(size: 0, modifiedNanoseconds: 0, changedNanoseconds: 0, inode: 0)
    var scan: RawFileScanner.Result?
    /// Only the log entry changes (same content touched, or a duplicate's original moved): nothing is read.
    var refreshOnly = false

    /// What the outcome says of the file.
    var outcome: IngestionOutcome.File {
        IngestionOutcome.File(file: file, action: action, detail: sameAs.map { "same content as \($0)" } ?? detail)
    }

    /// The log's status: loaded, duplicate or quarantined (nil for a forgotten file, which leaves the log).
    var logStatus: String? {
        switch action {
        case .new, .replaced, .unchanged: "loaded"
        case .duplicate: "duplicate"
        case .quarantined: "quarantined"
        default: nil
        }
    }

    /// The log's line counts lake knows before DuckDB loads: lines read and blank, and lines lake
    /// rejected (for a quarantined file, every line that is not blank). Nothing for a file whose
    /// content is not read into the table (a duplicate, a forgotten file).
    var lineCounts: (read: Int, blank: Int, rejected: Int) {
        switch action {
        case .new, .replaced: (scan?.linesRead ?? 0, scan?.blank ?? 0, scan?.rejected.count ?? 0)
        case .quarantined:
            (scan?.linesRead ?? 1, scan?.blank ?? 0, max(1, (scan?.linesRead ?? 1) - (scan?.blank ?? 0)))
        default: (0, 0, 0)
        }
    }
}
