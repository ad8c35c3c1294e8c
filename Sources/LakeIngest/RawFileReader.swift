import CArchive
import Foundation

/// Feeds a raw file's bytes to a scanner: a plain file by `pread` (`PlainFile`), a compressed file or an
/// archive through libarchive, which recognises gzip, zstd, bzip2, xz, tar and zip by their bytes.
enum RawFileReader {
    /// The bytes of a plain file, in windows the size of a few megabytes.
    static func readPlain(_ path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let file = try PlainFile(path)
        try file.read(0..<file.size, body)
    }

    /// What the first bytes of a file say it is, whatever its name.
    enum Container: Equatable {
        case plain
        case compressed(String)
        case archive(String)
    }

    static func container(of path: String) -> Container {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .plain }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 512))
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x1F, 0x8B]) { return .compressed("gzip") }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .compressed("zstd") }
        if starts([0x42, 0x5A, 0x68]) { return .compressed("bzip2") }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .compressed("xz") }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .archive("zip") }
        if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) { return .archive("tar") }
        return .plain
    }

    /// One entry of a compressed file or an archive, as it streams out of libarchive.
    struct Entry {
        /// The member's path inside an archive; nil for a compressed single file.
        let member: String?
        let isRegularFile: Bool
    }

    /// Streams every entry: `entry` decides whether to read it (returning a sink for its bytes) or
    /// skip it. A single compressed file is one entry without a member name; a compressed tar is
    /// an archive.
    static func readArchive(_ path: String, entry: (Entry) -> ((UnsafeRawBufferPointer) -> Void)?) throws {
        guard let archive = archive_read_new() else { throw IngestError("libarchive could not start") }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_zip(archive)
        archive_read_support_format_gnutar(archive)
        archive_read_support_format_raw(archive)
        // A compressed empty file is no archive format at all; without this libarchive refuses it.
        archive_read_support_format_empty(archive)
        guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else { throw archiveError(archive) }
        var header: OpaquePointer?
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let status = archive_read_next_header(archive, &header)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let header else { throw archiveError(archive) }
            let raw = archive_format(archive) == ARCHIVE_FORMAT_RAW
            let name = archive_entry_pathname(header).map { String(cString: $0) } ?? ""
            let regular = raw || archive_entry_filetype(header) == 0o100000 // AE_IFREG
            guard let sink = entry(Entry(member: raw ? nil : name, isRegularFile: regular)) else {
                guard archive_read_data_skip(archive) == ARCHIVE_OK else { throw archiveError(archive) }
                continue
            }
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw archiveError(archive) }
                buffer.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
        }
    }

    private static func archiveError(_ archive: OpaquePointer) -> IngestError {
        IngestError(archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive")
    }
}
