import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Extension files whose signatures were checked once and that have not changed since.
///
/// Why: DuckDB checks an extension's signature every time a process loads it, by hashing the whole
/// file (SHA-256 over 50 MB for ducklake, again for sqlite_scanner): 0.45 s of every lake command on
/// 2 cores, most of a `lake query` and of an hourly run. The check guards against a file that is
/// not what DuckDB's build signed. A file that passed it and has not changed since (same device,
/// inode, size, modification and status-change times; the status-change time cannot be set back)
/// is the same file, so lake records that it passed and later processes load the installed files
/// without hashing them again.
///
/// The record lives beside the extensions, writable by whoever could replace them. Unsigned loading
/// is allowed only when every installed extension file is recorded unchanged, so a new or replaced
/// file is always checked by DuckDB itself first. Where the folder cannot be written, nothing is
/// recorded and DuckDB checks as before.
public enum VerifiedExtensions {
    /// The record's name in DuckDB's extension folder.
    static let recordName = "lake-verified-extensions.tsv"

    /// Options for a database that loads the installed extensions: `allow_unsigned_extensions`
    /// when every installed file has been verified unchanged (checking the ones that have not, once),
    /// nothing otherwise. Worked out once per process.
    public static var databaseOptions: [String: String] { decided }

    private static let decided: [String: String] = options(installed: (try? installedFiles()) ?? [], verify: signatureHolds)

    /// The decision for `installed` (one folder's files): allowed when each is recorded unchanged,
    /// after `verify`ing, once, those that are not; nothing when one fails or the folder cannot keep
    /// the record.
    static func options(installed: [String], verify: (String) -> Bool) -> [String: String] {
        guard let folder = installed.first.map({ ($0 as NSString).deletingLastPathComponent }) else { return [:] }
        let record = (folder as NSString).appendingPathComponent(recordName)
        var verified = readRecord(record)
        let unverified = installed.filter { path in
            guard let fingerprint = Fingerprint(path: path) else { return true }
            return verified[(path as NSString).lastPathComponent] != fingerprint
        }
        if unverified.isEmpty { return ["allow_unsigned_extensions": "true"] }
        // Checking costs what it saves; it pays only when the result can be kept for later processes.
        guard access(folder, W_OK) == 0 else { return [:] }
        for path in unverified {
            guard let before = Fingerprint(path: path), verify(path), Fingerprint(path: path) == before else { return [:] }
            verified[(path as NSString).lastPathComponent] = before
        }
        writeRecord(verified, to: record)
        return ["allow_unsigned_extensions": "true"]
    }

    /// The extension files DuckDB has installed for this version and platform.
    static func installedFiles() throws -> [String] {
        let connection = try Database(configuration: DatabaseConfiguration(options: ["autoinstall_known_extensions": "false",
                                                                                     "autoload_known_extensions": "false"])).connect()
        let result = try connection.query("""
            SELECT install_path FROM duckdb_extensions()
            WHERE installed AND install_path LIKE '%.duckdb_extension' ORDER BY install_path
            """)
        return try result.columns[0].decode(String.self).compactMap { $0 }
    }

    /// Whether DuckDB, checking signatures, loads the file (a fresh in-memory database each time).
    static func signatureHolds(_ path: String) -> Bool {
        guard let connection = try? Database(configuration: DatabaseConfiguration(options: ["autoinstall_known_extensions": "false"])).connect()
        else { return false }
        return (try? connection.execute("LOAD \(SQLText.literal(path))")) != nil
    }

    /// What identifies a file's bytes without reading them.
    struct Fingerprint: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: String
        var statusChanged: String

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            statusChanged = "\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
        }

        init?(fields: [Substring]) {
            guard fields.count == 5, let device = UInt64(fields[0]), let inode = UInt64(fields[1]), let size = Int64(fields[2]) else { return nil }
            self.device = device
            self.inode = inode
            self.size = size
            modified = String(fields[3])
            statusChanged = String(fields[4])
        }

        var fields: String { "\(device)\t\(inode)\t\(size)\t\(modified)\t\(statusChanged)" }
    }

    /// file name → fingerprint; an unreadable or foreign line verifies nothing.
    static func readRecord(_ path: String) -> [String: Fingerprint] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var record: [String: Fingerprint] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6, let fingerprint = Fingerprint(fields: Array(fields.dropFirst())) else { continue }
            record[String(fields[0])] = fingerprint
        }
        return record
    }

    /// Written whole under a temporary name and renamed, so concurrent processes never read half a record.
    static func writeRecord(_ record: [String: Fingerprint], to path: String) {
        let text = "# extension files whose DuckDB signature lake checked: name, device, inode, size, mtime, ctime\n"
            + record.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.fields)\n" }.joined()
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}
