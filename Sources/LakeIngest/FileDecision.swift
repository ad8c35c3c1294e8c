/// One file's fate in one run, as ingestion plans it.
struct FileDecision {
    var file: String
    var action: IngestionOutcome.Action
    var detail: String?
    var readPath: String?
    var header = false
    var contentHash = ""
    var fingerprint = FileFingerprint(size: 0, modifiedNanoseconds: 0, changedNanoseconds: 0, inode: 0)
    var scan: RawFileScanner.Result?
    /// Only the log entry's `stat` changes (same content, touched): nothing is read.
    var refreshOnly = false
}
