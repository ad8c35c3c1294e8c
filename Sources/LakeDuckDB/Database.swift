import CDuckDB

/// A DuckDB database: a file on disk, or in memory.
///
/// A `Database` may be shared between threads; each thread works through its own `Connection`.
/// The file is closed when `close()` is called or the last reference (including every connection's)
/// goes away, whichever comes first.
public final class Database: @unchecked Sendable {
    // DuckDB's database handle is safe to connect to from several threads; closing is serialised.
    private var handle: duckdb_database?
    private let lock = Mutex()
    /// The file, or nil for an in-memory database.
    public let path: String?
    public let configuration: DatabaseConfiguration
    private var observer: StatementObserver?

    /// Hears of every statement this database's connections run, with its duration; nil stops it.
    public var statementObserver: StatementObserver? {
        get { lock.withLock { observer } }
        set { lock.withLock { observer = newValue } }
    }

    /// Opens (creating if needed) the database at `path`, or an in-memory database when `path` is nil.
    public init(path: String? = nil, configuration: DatabaseConfiguration = .init()) throws {
        self.path = path
        self.configuration = configuration

        var config: duckdb_config?
        guard duckdb_create_config(&config) == DuckDBSuccess else {
            throw DuckDBError(.configure, message: "could not allocate a configuration")
        }
        defer { duckdb_destroy_config(&config) }
        for option in configuration.duckDBOptions
        where duckdb_set_config(config, option.name, option.value) != DuckDBSuccess {
            throw DuckDBError(.configure, message: "invalid value '\(option.value)' for option '\(option.name)'")
        }

        var database: duckdb_database?
        var error: UnsafeMutablePointer<CChar>?
        let state = duckdb_open_ext(path ?? ":memory:", &database, config, &error)
        guard state == DuckDBSuccess, let database else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            if let error { duckdb_free(error) }
            throw DuckDBError(.open, message: message, sql: nil)
        }
        handle = database
    }

    deinit { close() }

    /// Closes the database. Open connections keep it alive until they are gone; further use throws.
    public func close() {
        lock.withLock {
            if handle != nil { duckdb_close(&handle) }
        }
    }

    /// A new connection; the database stays open at least as long as it.
    public func connect() throws -> Connection {
        try Connection(database: self)
    }

    /// Runs `body` with the raw handle; used only by `Connection` within this module.
    func withHandle<T>(_ body: (duckdb_database) throws -> T) throws -> T {
        try lock.withLock {
            guard let handle else { throw DuckDBError(.connect, message: "the database is closed") }
            return try body(handle)
        }
    }

    /// The version of the linked DuckDB library, e.g. "v1.5.6".
    public static var libraryVersion: String { String(cString: duckdb_library_version()) }
}
