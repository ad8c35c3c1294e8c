import Foundation

/// What lake reads back from target/run_results.json (the last run's record, written by
/// `Artifacts.runResults`): who ran, when, and each node's status, time and rows. Decoded, not
/// picked out of an untyped dictionary, so the reader and the writer agree on one shape.
public struct RunResultsFile: Decodable, Sendable {
    public struct Metadata: Decodable, Sendable {
        public let invocationId: String
        /// ISO 8601 in UTC, e.g. 2026-12-03T08:13:02.783Z.
        public let generatedAt: String

        enum CodingKeys: String, CodingKey {
            case invocationId = "invocation_id", generatedAt = "generated_at"
        }
    }

    public struct Result: Decodable, Sendable {
        public let uniqueId: String
        public let status: String
        public let executionTime: Double
        public let rowsAffected: Int?

        enum CodingKeys: String, CodingKey {
            case uniqueId = "unique_id", status, executionTime = "execution_time", adapterResponse = "adapter_response"
        }
        enum AdapterResponseKeys: String, CodingKey { case rowsAffected = "rows_affected" }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            uniqueId = try container.decode(String.self, forKey: .uniqueId)
            status = try container.decode(String.self, forKey: .status)
            executionTime = try container.decodeIfPresent(Double.self, forKey: .executionTime) ?? 0
            rowsAffected = try? container.nestedContainer(keyedBy: AdapterResponseKeys.self, forKey: .adapterResponse)
                .decodeIfPresent(Int.self, forKey: .rowsAffected)
        }
    }

    public let metadata: Metadata
    public let results: [Result]

    /// The project's last run, or nil when there is none (or the file is not lake's or dbt's shape).
    public static func last(inProject root: String) -> RunResultsFile? {
        let path = (root as NSString).appendingPathComponent("target/run_results.json")
        return FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(RunResultsFile.self, from: $0) }
    }

    /// The run's time as people read it: 2026-12-03 08:13:02.
    public var generatedText: String { String(metadata.generatedAt.prefix(19)).replacingOccurrences(of: "T", with: " ") }
}
