/// A bronze model's `raw_files` config: which raw table it reads, from where, with which columns,
/// and the ingestion log that remembers what was read. Plain data, parsed where the model compiles;
/// the reading happens where the model runs.
public struct RawFilesSpec: Sendable, Equatable {
    /// The raw table's name, e.g. pai_job_table.
    public let table: String
    /// Its landing place relative to the project, e.g. data_raw/pai_job_table: the file
    /// data_raw/pai_job_table.csv (or .csv.gz, .tar.gz, …) and the folder data_raw/pai_job_table/.
    public let location: String
    public let columns: [RawColumn]
    /// The ingestion log's relation.
    public let log: String
    /// The model that holds the rejected lines (for the accounting's pointer to them).
    public let rejects: String

    public init(table: String, location: String, columns: [RawColumn], log: String, rejects: String) {
        self.table = table
        self.location = location
        self.columns = columns
        self.log = log
        self.rejects = rejects
    }
}
