/// A problem with how ingestion is set up (a model's `raw_files` config, a `--forget` that names
/// no ingested file): never a problem with the data, which is rejected or quarantined instead.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
