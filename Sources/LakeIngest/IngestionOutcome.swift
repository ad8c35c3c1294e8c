/// What ingestion did with each raw file of one table in one run: the accounting a run prints and
/// the plain data the runner keeps in the node's result.
public struct IngestionOutcome: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        /// Read for the first time.
        case new
        /// Its content changed: its rows replace the old ones.
        case replaced
        /// Read before, same content: nothing to do.
        case unchanged
        /// Same content as another file: adds nothing.
        case duplicate
        /// Cannot be read as a whole: one reject for the file, no rows.
        case quarantined
        /// Gone from the landing folder: its rows stay (bronze is the durable copy).
        case vanished
        /// Retracted on purpose (`lake ingest --forget`): its rows are gone.
        case forgotten
        /// Its size or time changed while lake read it: left for the next run.
        case beingWritten = "being written"
        /// Something lake does not read, with why.
        case notIngested = "not ingested"
    }

    public struct File: Sendable, Equatable {
        public let file: String
        public let action: Action
        /// The other file for a duplicate, the reason for a quarantine or a file not ingested.
        public let detail: String?
    }

    /// The raw table's name, e.g. pai_job_table.
    public let table: String
    /// Where its files land, e.g. data_raw/pai_job_table.
    public let location: String
    /// The ingestion log's relation, where each file's loaded and rejected counts land.
    public let log: String
    /// The model that holds the rejected lines, as people query it.
    public let rejects: String
    public let files: [File]

    public func count(_ action: Action) -> Int { files.filter { $0.action == action }.count }
}
