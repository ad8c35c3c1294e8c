import Foundation

/// What `stat` says of a file: enough to see that it changed (or is still being written) without
/// reading it. Times in nanoseconds, so a rewrite within the same second shows; the status-change
/// time too, which no tool can set back (a rewrite that restores the modification time still shows).
struct FileFingerprint: Sendable, Equatable {
    let size: Int64
    let modifiedNanoseconds: Int64
    let changedNanoseconds: Int64
    let inode: UInt64

    static func of(_ path: String) -> FileFingerprint? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileFingerprint(size: Int64(info.st_size),
                               modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                               changedNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
                               inode: UInt64(info.st_ino))
    }
}
