import Foundation

/// The copy of a raw file DuckDB reads when the original cannot be read as it is (compressed, in
/// an archive, or with lines lake rejects): every line in its place, rejected ones left empty, so
/// DuckDB's line numbers (which count empty lines, and skip them) are the original's.
final class StagedCopy {
    let path: String
    private var file: UnsafeMutablePointer<FILE>?

    init(path: String) throws {
        self.path = path
        guard let file = fopen(path, "w") else {
            throw IngestError("cannot write the staged copy \(path): \(String(cString: strerror(errno)))")
        }
        setvbuf(file, nil, _IOFBF, 1 << 20)
        self.file = file
    }

    deinit { if let file { fclose(file) } }

    func write(_ line: UnsafeRawBufferPointer) {
        if let base = line.baseAddress, !line.isEmpty { fwrite(base, 1, line.count, file) }
        fputc(0x0A, file)
    }

    func writeEmptyLine() { fputc(0x0A, file) }

    func close() throws {
        guard let handle = file else { return }
        file = nil
        guard ferror(handle) == 0, fclose(handle) == 0 else {
            throw IngestError("cannot write the staged copy \(path): \(String(cString: strerror(errno)))")
        }
    }
}
