import Foundation

/// A plain raw file, read by `pread` in windows into a buffer of the reader's own. Not a memory
/// map: a mapping's pages count as the process's memory (a 2 GB file showed as 2 GB of peak
/// memory), while copies from the page cache cost a few hundred milliseconds per gigabyte.
final class PlainFile {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(_ path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IngestError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = String(cString: strerror(errno))
            close(descriptor)
            throw IngestError("cannot stat \(path): \(failure)")
        }
        size = Int(info.st_size)
        posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    deinit { close(descriptor) }

    /// The bytes of `range`, in order, a window at a time (safe from several threads at once).
    func read(_ range: Range<Int>, window: Int = 8 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(window, max(1, range.count)), alignment: 64)
        defer { buffer.deallocate() }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let wanted = min(buffer.count, range.upperBound - offset)
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw IngestError(count == 0 ? "\(path) became shorter while lake read it" : "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += count
        }
    }

    /// Where the first line starting at or after `offset` begins (just past a line break), or the end.
    func lineStart(atOrAfter offset: Int) throws -> Int {
        guard offset > 0 else { return 0 }
        var found: Int?
        var position = offset - 1
        // Stops at the first window holding a line break; a line's bytes are read once at most.
        do {
            try read(position..<size, window: 64 << 10) { window in
                if let base = window.baseAddress, let hit = memchr(base, 0x0A, window.count) {
                    found = position + base.distance(to: UnsafeRawPointer(hit)) + 1
                    throw StopReading()
                }
                position += window.count
            }
        } catch is StopReading {}
        return found ?? size
    }

    private struct StopReading: Error {}
}
