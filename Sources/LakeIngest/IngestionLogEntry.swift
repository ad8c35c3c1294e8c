import LakeDuckDB

/// What the ingestion log remembers of one raw file: its content, the `stat` it had when read, and
/// what became of it.
struct IngestionLogEntry: Sendable {
    let file: String
    let contentHash: String
    let size: Int64
    let modifiedNanoseconds: Int64
    let changedNanoseconds: Int64
    /// loaded, duplicate or quarantined.
    let status: String
    /// For a duplicate, the file that holds its content.
    let sameAs: String?
    /// For a quarantined file, why.
    let reason: String?
    /// When lake last read the file, or found its `stat` unchanged after its content was named.
    let checkedAtNanoseconds: Int64

    /// Whether the file as it is now is the file the log describes, without reading it. A file
    /// changed within two seconds of that check may have changed again within the clock's
    /// resolution (git's "racily clean" files), so it is read again.
    func stillDescribes(_ fingerprint: FileFingerprint) -> Bool {
        fingerprint.size == size && fingerprint.modifiedNanoseconds == modifiedNanoseconds && fingerprint.changedNanoseconds == changedNanoseconds
            && max(modifiedNanoseconds, changedNanoseconds) < checkedAtNanoseconds - 2_000_000_000
    }

    /// The log's rows for `table`; none when the log does not exist yet.
    static func read(table: String, log: String, on connection: Connection) throws -> [String: IngestionLogEntry] {
        let result: QueryResult
        do {
            result = try connection.query("""
                SELECT file, content_hash, size, mtime_ns, ctime_ns, status, same_as, reason, epoch_ns(checked_at)
                FROM \(log) WHERE raw_table = ?
                """, [.varchar(table)])
        } catch let error as DuckDBError where error.type == .catalog {
            // No log yet: nothing was ingested. (A log lacking columns is a binder error, below.)
            return [:]
        } catch {
            // What to do first: DuckDB's own text runs to several lines, and a run's summary shows the first.
            throw IngestError("the ingestion log \(log) comes from an older lake and lacks the columns this lake writes: "
                + "drop it (lake sql --write -c \"DROP TABLE \(log)\") and run again, which reads every raw file anew. DuckDB said: \(error)")
        }
        var entries: [String: IngestionLogEntry] = [:]
        for row in 0..<result.rowCount {
            let entry = IngestionLogEntry(file: try result.value(String.self, row: row, column: 0) ?? "",
                                          contentHash: try result.value(String.self, row: row, column: 1) ?? "",
                                          size: Int64(try result.value(Int.self, row: row, column: 2) ?? -1),
                                          modifiedNanoseconds: Int64(try result.value(Int.self, row: row, column: 3) ?? -1),
                                          changedNanoseconds: Int64(try result.value(Int.self, row: row, column: 4) ?? -1),
                                          status: try result.value(String.self, row: row, column: 5) ?? "",
                                          sameAs: try result.value(String.self, row: row, column: 6),
                                          reason: try result.value(String.self, row: row, column: 7),
                                          checkedAtNanoseconds: Int64(try result.value(Int.self, row: row, column: 8) ?? 0))
            entries[entry.file] = entry
        }
        return entries
    }

    /// The file on disk an entry's content came from: an archive member's archive, else the file.
    var container: String { file.firstIndex(of: "!").map { String(file[..<$0]) } ?? file }
}
