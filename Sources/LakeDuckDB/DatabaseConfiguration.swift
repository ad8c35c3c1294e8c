/// How a `Database` is opened. Every field maps to one of DuckDB's configuration options.
public struct DatabaseConfiguration: Sendable, Equatable {
    public enum AccessMode: String, Sendable {
        case automatic = "AUTOMATIC"
        case readOnly = "READ_ONLY"
        case readWrite = "READ_WRITE"
    }

    /// Worker threads DuckDB may use; nil leaves DuckDB's default (all cores).
    public var threads: Int?
    /// A DuckDB size such as "4GB" or "75%"; nil leaves DuckDB's default.
    public var memoryLimit: String?
    public var accessMode: AccessMode
    /// Any other option by DuckDB's name, e.g. ["preserve_insertion_order": "false"].
    public var options: [String: String]

    public init(threads: Int? = nil, memoryLimit: String? = nil, accessMode: AccessMode = .automatic,
                options: [String: String] = [:]) {
        self.threads = threads
        self.memoryLimit = memoryLimit
        self.accessMode = accessMode
        self.options = options
    }

    /// The options as DuckDB names them, in a stable order.
    var duckDBOptions: [(name: String, value: String)] {
        var all: [(String, String)] = []
        if let threads { all.append(("threads", String(threads))) }
        if let memoryLimit { all.append(("memory_limit", memoryLimit)) }
        if accessMode != .automatic { all.append(("access_mode", accessMode.rawValue)) }
        all += options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return all
    }
}
