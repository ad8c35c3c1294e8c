import Foundation

/// Who holds a DuckDB file's lock, and how. DuckDB locks the whole file with `fcntl`: a shared
/// (read) lock for a read-only session, an exclusive (write) one otherwise. Knowing which tells a
/// user what to do: a read-only holder still keeps every writer out, so "open it read-only" is no
/// advice for a writer.
public struct DatabaseFileLock: Sendable, Equatable {
    public let processId: Int32
    public let readOnly: Bool

    /// The holder as a person knows it: its program and process id, e.g. "/usr/bin/duckdb (PID 1234)".
    public var holderDescription: String {
        let program = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(processId)/exe")) ?? "another process"
        return "\(program) (PID \(processId))"
    }

    /// The lock another process holds on `path` that opening it would run into (for writing: any;
    /// read-only: a writer's), or nil when none does (or the file cannot be opened to ask). Call it
    /// only when this process has the file open in no `Database`: closing the descriptor it opens to
    /// ask drops this process's locks on the file.
    public static func holder(of path: String, blockingReadOnly readOnly: Bool = false) -> DatabaseFileLock? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var query = flock()
        query.l_type = Int16(readOnly ? F_RDLCK : F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        query.l_start = 0
        query.l_len = 0
        guard fcntl(descriptor, F_GETLK, &query) == 0, query.l_type != Int16(F_UNLCK) else { return nil }
        return DatabaseFileLock(processId: query.l_pid, readOnly: query.l_type == Int16(F_RDLCK))
    }
}
