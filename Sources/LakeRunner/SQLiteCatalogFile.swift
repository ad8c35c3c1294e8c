import CSQLite

/// A DuckLake catalog kept in a SQLite file, switched to write-ahead logging before DuckLake first
/// opens it.
///
/// Why: in SQLite's default rollback-journal mode a reader's shared lock blocks a writer's commit,
/// so a long query in one connection (another worker thread, `lake query`, a `duckdb` CLI) makes a
/// run's commit fail with "database is locked". In WAL mode readers and the one writer never block
/// each other. The mode is stored in the file, so every later opener (the duckdb CLI too) uses it.
/// DuckDB's sqlite extension cannot switch it (it runs every statement inside a transaction, where
/// SQLite refuses to change the journal mode), hence libsqlite3 for this one pragma.
enum SQLiteCatalogFile {
    static func useWriteAheadLog(path: String) throws {
        var handle: OpaquePointer?
        defer { sqlite3_close(handle) }
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            throw LakeError("cannot open the lake's SQLite catalog \(path): \(handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory")")
        }
        sqlite3_busy_timeout(handle, 5_000)
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, "PRAGMA journal_mode=WAL", nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw LakeError("cannot switch the lake's SQLite catalog \(path) to write-ahead logging: \(text)")
        }
    }
}
