import Foundation

/// One writer at a time per lake whose writers cannot overlap — a DuckDB file, or a lake whose
/// catalog is a SQLite file — a run holds an exclusive `flock` on a file beside it for as long as
/// it writes. (A lake on a PostgreSQL catalog is shared by writers on several machines by design,
/// and takes no such lock.) The kernel releases it when
/// the process ends however it ends, so a killed run never leaves a stale lock. The file says who
/// holds it, for the message a second writer gets.
final class WriterLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        // Nobody holds it now: a writer that takes it next writes its own name.
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The lock file of a lake: beside its DuckDB file or its catalog file; nil when writers may overlap.
    static func path(for location: WarehouseLocation) -> String? {
        if let lakehouse = location.lakehouse { return lakehouse.catalog.file.map { location.path($0) + ".writer-lock" } }
        return location.file == ":memory:" ? nil : location.file + ".writer-lock"
    }

    /// Takes the lock at `path`. Held by another process: fails at once saying by whom, or while
    /// `backoff` allows tries again, saying so through `note`, until it is free or the time is up.
    static func acquire(path: String, backoff: inout Backoff, note: (String) -> Void) throws -> WriterLock {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LakeError("cannot open the lake's writer lock \(path): \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(descriptor)
                throw LakeError("cannot take the lake's writer lock \(path): \(String(cString: strerror(errno)))")
            }
            let holder = holder(of: path)
            let waited = backoff.wait { pause, left in
                note("Waiting for the lake's writer lock, held by \(holder): trying again in \(String(format: "%.1f", pause)) s "
                     + "(\(Int(left.rounded(.up))) s left of --wait-for-lock)\n")
            }
            guard waited else {
                close(descriptor)
                throw LakeError(backoff.seconds.map { "another lake process (\(holder)) still held the lake's writer lock after \(Int($0)) s of waiting (--wait-for-lock)" }
                    ?? "another lake process (\(holder)) is writing this lake; wait for it to finish, or run with --wait-for-lock SECONDS")
            }
        }
        // Who holds it now, for anyone who has to wait.
        let since = ISO8601DateFormatter().string(from: Date())
        let text = "PID \(getpid()), since \(since)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return WriterLock(descriptor: descriptor)
    }

    private static func holder(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? "another process" : text
    }
}
