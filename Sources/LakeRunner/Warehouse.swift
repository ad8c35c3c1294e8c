import Foundation
import LakeDuckDB

/// The warehouse file: where lake's tables live, opened for writing by one process at a time.
public enum Warehouse {
    /// The default location inside a project, as in the reference pipeline.
    public static let defaultRelativePath = "data_lake/warehouse.duckdb"

    /// Opens the warehouse, creating its folder when writing. A lock held by another process becomes
    /// a message that names the holder and how to proceed, not DuckDB's raw I/O error.
    public static func open(path: String, readOnly: Bool = false) throws -> Database {
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw LakeError("no warehouse at \(path): run `lake run` first to build it")
        }
        if !readOnly {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        }
        let configuration = DatabaseConfiguration(accessMode: readOnly ? .readOnly : .automatic)
        do {
            return try Database(path: path, configuration: configuration)
        } catch let error as DuckDBError where error.isLockConflict {
            throw LakeError(lockMessage(path: path, duckDBMessage: error.message, readOnly: readOnly))
        }
    }

    static func lockMessage(path: String, duckDBMessage: String, readOnly: Bool) -> String {
        // DuckDB names the holder as "… is held in /usr/bin/duckdb (PID 1234)".
        var holder = "another process"
        if let range = duckDBMessage.range(of: #"held in (.+?) \(PID (\d+)\)"#, options: .regularExpression) {
            holder = String(duckDBMessage[range].dropFirst("held in ".count))
        }
        let what = readOnly ? "read" : "write to"
        return """
            the warehouse \(path) is locked by \(holder), so lake cannot \(what) it.
              DuckDB lets one process write a database file at a time. Close that session (for a DuckDB CLI, \
            type .exit), or open the file there with `duckdb -readonly \(path)` so both can read, then run lake again.
            """
    }
}
