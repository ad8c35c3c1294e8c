import Foundation
import LakeDuckDB
import LakeProject
import LakeTemplates

/// An open warehouse: the DuckDB database lake's connections come from, with the project's lake
/// attached and selected when it has one.
///
/// Two kinds, one interface:
/// - a DuckDB file (projects without `lakehouse:`, and every dbt-duckdb project that names a
///   `path:`): one writer process, readers only when no process writes;
/// - a DuckLake: an in-memory DuckDB that attaches the catalog (SQLite, PostgreSQL or a DuckDB file)
///   and its Parquet data path as `lake` and makes it the default database. Every commit is a
///   snapshot; readers read the last one while a run writes.
///
/// Every database lake opens is locked down: extensions load only from the files bootstrap installed
/// (never from the network), and no community extensions.
public final class Warehouse: @unchecked Sendable {
    /// The default DuckDB file inside a project, as in the reference pipeline.
    public static let defaultRelativePath = "data_lake/warehouse.duckdb"

    public let location: WarehouseLocation
    public let database: Database
    public let access: WarehouseAccess
    private let sharedWriteLock = NSLock()
    /// A transaction kept open on a SQLite catalog for as long as the warehouse is (see `keepCatalogOpen`).
    private var catalogKeeper: Connection?

    private init(location: WarehouseLocation, database: Database, access: WarehouseAccess) {
        self.location = location
        self.database = database
        self.access = access
    }

    /// A writer's last word on a DuckDB file: CHECKPOINT folds the write-ahead log into the file,
    /// so the file alone holds every commit, as it does after dbt-duckdb closes it. Why: lake exits
    /// without closing the database, which left a .wal beside the file; a copy of the file alone
    /// lacked the run, and a file replaced by an older one had the stale log replayed onto it.
    /// (A lake's commits are in its catalog and Parquet files already.)
    public func checkpointFile() {
        guard location.lakehouse == nil, access == .write, location.file != ":memory:", let connection = try? database.connect() else { return }
        _ = try? connection.execute("CHECKPOINT")
    }

    /// Options every database lake opens gets: nothing fetched or installed at run time, and the
    /// installed extensions' signatures checked once, not by every process (`VerifiedExtensions`).
    public static var lockedDownOptions: [String: String] {
        ["autoinstall_known_extensions": "false", "allow_community_extensions": "false"].merging(VerifiedExtensions.databaseOptions) { $1 }
    }

    /// Opens `location` for `access`. Readers of a lake see its last committed snapshot (or the one
    /// `access` travels to) and nothing outside the project and the lake.
    public static func open(_ location: WarehouseLocation, _ access: WarehouseAccess) throws -> Warehouse {
        guard let lakehouse = location.lakehouse else {
            if case .readAt = access {
                throw LakeError("time travel reads a DuckLake's snapshots, and this project keeps its tables in the DuckDB file "
                    + "\(location.file); add a `lakehouse:` block to lake.yml")
            }
            let database = try openFile(path: location.file, readOnly: access != .write)
            let warehouse = Warehouse(location: location, database: database, access: access)
            try warehouse.attachOthers()
            if access != .write { try warehouse.restrictFileAccess() }
            return warehouse
        }
        if access != .write, let file = lakehouse.catalog.file, !FileManager.default.fileExists(atPath: location.path(file)) {
            throw LakeError("no lake at \(location.path(file)) yet: run `lake run` first to build it", kind: .notBuilt)
        }
        var options = lockedDownOptions
        options["temp_directory"] = location.path("data_lake/.tmp")
        let database = try Database(configuration: DatabaseConfiguration(options: options))
        let warehouse = Warehouse(location: location, database: database, access: access)
        let connection = try database.connect()
        if access == .write {
            if let file = lakehouse.catalog.file {
                try FileManager.default.createDirectory(atPath: (location.path(file) as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
            }
            if !location.dataPathIsURL {
                try FileManager.default.createDirectory(atPath: location.dataPath, withIntermediateDirectories: true)
            }
        }
        let travel: TimeTravel? = if case .readAt(let point) = access { point } else { nil }
        do {
            try connection.execute(location.attachSQL(lakehouse, readOnly: access != .write, at: travel))
        } catch let error as DuckDBError {
            throw LakeError("cannot open the lake (catalog \(location.catalogDisplayName)): \(error.message)")
        }
        if access == .write, let codec = lakehouse.compression {
            // Kept in the catalog (no snapshot), so the DuckDB CLI writes the same files. Set only
            // when it differs: a catalog write on every open would race the team's other writers.
            let current = try connection.query("""
                SELECT value FROM ducklake_options(\(Relation.literal(lakehouse.alias))) WHERE option_name = 'parquet_compression' AND scope = 'GLOBAL'
                """).scalar(String.self)
            if current != codec {
                _ = try Runner.retryingConflicts {
                    try connection.execute("CALL \(Relation.quote(lakehouse.alias)).set_option('parquet_compression', \(Relation.literal(codec)))")
                }
            }
        }
        try warehouse.keepCatalogOpen(lakehouse)
        try warehouse.attachOthers()
        if access != .write { try warehouse.restrictFileAccess() }
        return warehouse
    }

    /// Keeps one connection to a SQLite catalog open while the warehouse is. Why: DuckDB's sqlite
    /// extension opens a SQLite connection per transaction and closes it at the end, and a WAL
    /// database's last connection to close checkpoints it under an exclusive lock. A transaction
    /// starting meanwhile meets SQLITE_BUSY, and the extension's busy wait sleeps in whole seconds
    /// (it is built without usleep): at two threads an hourly run stalled a second at a time, two or
    /// three times a run. Reading the catalog once in an open transaction holds SQLite's shared lock,
    /// so no other close is ever the last; its snapshot only keeps the catalog's WAL from being
    /// folded back until the warehouse closes.
    private func keepCatalogOpen(_ lakehouse: LakehouseSettings) throws {
        guard case .sqlite = lakehouse.catalog else { return }
        let keeper = try database.connect()
        try keeper.execute("BEGIN TRANSACTION")
        try keeper.execute("SELECT count(*) FROM \(Relation.quote(lakehouse.metadataCatalog)).ducklake_metadata")
        catalogKeeper = keeper
    }

    /// The other databases a profile attaches.
    private func attachOthers() throws {
        guard !location.attachments.isEmpty else { return }
        let connection = try database.connect()
        for attachment in location.attachments {
            var options: [String] = []
            if let type = attachment.type { options.append("TYPE \(type)") }
            if attachment.readOnly || access != .write { options.append("READ_ONLY") }
            options += attachment.options.map { "\($0.0.uppercased()) \(Relation.literal($0.1))" }
            let path = attachment.path.contains(":") ? attachment.path : location.path(attachment.path)
            try connection.execute("ATTACH IF NOT EXISTS \(Relation.literal(path)) AS \(Relation.quote(attachment.alias))"
                                   + (options.isEmpty ? "" : " (\(options.joined(separator: ", ")))"))
        }
    }

    /// Readers touch the project and the lake, nothing else: no reads of other files, no writes of
    /// any (DuckDB's enable_external_access with allowed_directories; once off, DuckDB refuses to
    /// turn it on again while the database is open).
    private func restrictFileAccess() throws {
        let connection = try database.connect()
        var allowed = Set([location.root, location.relativeBase]).sorted().map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        if location.lakehouse != nil, !location.dataPathIsURL { allowed.append(location.dataPath) }
        if let file = location.lakehouse?.catalog.file { allowed.append(location.path(file)) }
        if location.lakehouse == nil { allowed.append(location.file) }
        let list = allowed.map(Relation.literal).joined(separator: ", ")
        try connection.execute("SET allowed_directories = [\(list)]")
        try connection.execute("SET enable_external_access = false")
    }

    /// A new connection, with the lake as its default database and relative file paths resolved
    /// from the project.
    public func connect() throws -> Connection {
        let connection = try database.connect()
        for name in location.extensions {
            do {
                try connection.execute("LOAD \(Relation.quote(name))")
            } catch let error as DuckDBError {
                throw LakeError("the profile's extension '\(name)' is not installed on this machine (lake never downloads one; "
                    + "scripts/bootstrap installs extensions): \(error.message)")
            }
        }
        for (key, value) in location.connectionSettings {
            try connection.execute("SET \(Relation.quote(key)) = \(Int(value) != nil || Double(value) != nil ? value : Relation.literal(value))")
        }
        if let lakehouse = location.lakehouse { try connection.execute("USE \(Relation.quote(lakehouse.alias))") }
        // Relative file paths resolve from the project (a dbt project's first from where dbt would run).
        try connection.execute("SET file_search_path = \(Relation.literal(location.fileSearchPath))")
        return connection
    }

    /// The lock this process's writing transactions take turns with, when the lake's catalog is a
    /// SQLite file; nil where writers may overlap (PostgreSQL catalogs, DuckDB files). Why: a DuckLake
    /// transaction reads the catalog when it starts and writes it when it commits, and SQLite cannot
    /// turn a read into a write once another writer has committed since ("database is locked", no
    /// waiting), so two overlapping builds would make one fail and start over. Readers (tests,
    /// queries) never take it, and each statement still runs on every core.
    public var writeLock: (any NSLocking)? {
        guard case .sqlite? = location.lakehouse?.catalog else { return nil }
        return sharedWriteLock
    }

    /// SQL that labels the commits a connection makes with the run and node (DuckLake's commit
    /// message and extra info), so `lake history` maps runs to snapshots; nil for a DuckDB file.
    /// `reading`: the lake's snapshot when the node started, from which its next build reads what
    /// changed (`changes()`), and the fingerprint of the SQL it ran (ChangeFeed).
    public func commitLabel(runId: String, node: String, reading: (snapshot: Int, sql: String)? = nil) -> String? {
        guard let lakehouse = location.lakehouse else { return nil }
        let info = "{\"run_id\": \(JSONWriter.quote(runId)), \"node\": \(JSONWriter.quote(node))"
            + (reading.map { ", \"read_snapshot\": \($0.snapshot), \"sql\": \(JSONWriter.quote($0.sql))" } ?? "") + "}"
        return "CALL \(Relation.quote(lakehouse.alias)).set_commit_message('lake', \(Relation.literal("lake run \(runId): \(node)")), "
            + "extra_info => \(Relation.literal(info)))"
    }

    /// Opens a DuckDB file, creating its folder when writing. A lock held by another process
    /// becomes a message that names the holder and how to proceed, not DuckDB's raw I/O error.
    public static func openFile(path: String, readOnly: Bool = false) throws -> Database {
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw LakeError("no warehouse at \(path): run `lake run` first to build it", kind: .notBuilt)
        }
        if !readOnly {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        }
        let configuration = DatabaseConfiguration(accessMode: readOnly ? .readOnly : .automatic, options: lockedDownOptions)
        do {
            return try Database(path: path, configuration: configuration)
        } catch let error as DuckDBError where error.operation == .open {
            // DuckDB says only "IO Error" and words; the file's lock itself says whether another
            // process holds it in a way this open runs into (this process has it open nowhere, or
            // the open would not have failed on a lock).
            guard let lock = DatabaseFileLock.holder(of: path, blockingReadOnly: readOnly) else { throw error }
            throw LakeError(lockMessage(path: path, lock: lock, readOnly: readOnly), kind: .lockHeld)
        }
    }

    static func lockMessage(path: String, lock: DatabaseFileLock, readOnly: Bool) -> String {
        // How the holder has it open decides the advice (DuckDB's own, "open it read-only", is wrong
        // for a writer: a read-only session keeps writers out too).
        let holder = lock.holderDescription
        let what = readOnly ? "read" : "write to"
        let how = lock.readOnly
            ? "is open read-only in \(holder), and DuckDB lets no process write a database file while another has it open, even read-only"
            : "is open for writing in \(holder), and DuckDB lets no other process open a database file while one writes it, not even to read"
        return """
            the warehouse \(path) \(how), so lake cannot \(what) it.
              Close that session (for a DuckDB CLI, type .exit) and run lake again; a project with a `lakehouse:` block \
            has no such lock: readers never wait for a run.
            """
    }
}

/// How a command uses the warehouse.
public enum WarehouseAccess: Sendable, Equatable {
    /// A run: creates what is missing.
    case write
    /// The last committed state, read-only.
    case read
    /// A lake as it was at a snapshot or time, read-only.
    case readAt(TimeTravel)
}

/// A point in a lake's history.
public enum TimeTravel: Sendable, Equatable {
    case snapshot(Int)
    /// A timestamp DuckDB can cast, e.g. "2026-11-22 14:00:00".
    case time(String)
}
