import Foundation

/// Every file a raw table's landing places hold: `data_raw/<table>.<ext>` and everything under
/// `data_raw/<table>/`, at any depth, whatever the letter case. Each is something lake reads or
/// something it says it does not, with the reason.
struct RawFileListing {
    /// A file lake reads: a plain or compressed CSV, or an archive of them.
    struct Candidate: Equatable {
        /// The name people see: the path from the project's root.
        let file: String
        let path: String
        /// What its name says; a `.csv` is only opened (and its bytes asked what it is) when read.
        let container: RawFileReader.Container
        let fingerprint: FileFingerprint
    }

    var candidates: [Candidate] = []
    var notIngested: [(file: String, why: String)] = []

    static let compressedSuffixes = [".csv.gz", ".csv.gzip", ".csv.zst", ".csv.zstd", ".csv.bz2", ".csv.xz"]
    static let archiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.bz2", ".tar.xz", ".zip"]
    static let supported = "lake reads .csv, .csv.gz, .csv.zst, .csv.bz2, .csv.xz and .tar(.gz|.zst|.bz2|.xz), .tgz or .zip archives of them"

    /// `location`: the table's landing place relative to `root`, e.g. "data_raw/pai_job_table".
    init(root: String, location: String) {
        let manager = FileManager.default
        let folder = (location as NSString).lastPathComponent
        let parent = (location as NSString).deletingLastPathComponent
        let parentPath = (root as NSString).appendingPathComponent(parent)
        var files: [String] = []
        for name in (try? manager.contentsOfDirectory(atPath: parentPath)) ?? [] where Self.claims(name, folder: folder) {
            let entry = parent.isEmpty ? name : parent + "/" + name
            var isDirectory: ObjCBool = false
            // The table's folder, in any case, is walked; anything else it claims is one entry.
            guard manager.fileExists(atPath: parentPath + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue,
                  name.lowercased() == folder.lowercased() else {
                files.append(entry)
                continue
            }
            Self.walk(parentPath + "/" + name, as: entry, into: &files)
        }
        // Plain string work per file, not NSString's path methods: an hourly landing holds tens of
        // thousands of files, and those took a third of a second a run at full scale.
        let rootPrefix = root.isEmpty || root.hasSuffix("/") ? root : root + "/"
        for file in files.sorted() {
            let path = rootPrefix + file
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let lower = name.lowercased()
            guard let fingerprint = FileFingerprint.of(path) else {
                notIngested.append((file, Self.whyUnreadable(path)))
                continue
            }
            if file.hasPrefix(".") || file.contains("/.") {
                notIngested.append((file, name.hasPrefix(".") ? "a hidden file" : "in a hidden folder"))
            } else if lower.hasSuffix(".csv") {
                candidates.append(Candidate(file: file, path: path, container: .plain, fingerprint: fingerprint))
            } else if let suffix = Self.compressedSuffixes.first(where: lower.hasSuffix) {
                candidates.append(Candidate(file: file, path: path, container: .compressed(String(suffix.dropFirst(5))), fingerprint: fingerprint))
            } else if let suffix = Self.archiveSuffixes.first(where: lower.hasSuffix) {
                candidates.append(Candidate(file: file, path: path, container: .archive(String(suffix.dropFirst())), fingerprint: fingerprint))
            } else {
                notIngested.append((file, "not a CSV file: \(Self.supported)"))
            }
        }
    }

    /// Every file under `directory` (named `name` in `files`), at any depth, by readdir: a folder's
    /// entries say what they are, so a file costs no stat here (hourly landings hold tens of
    /// thousands; FileManager's enumerator and a stat per entry took a second a run at full scale).
    /// A link is followed to see whether it is a folder (not walked, as FileManager's enumerator
    /// does not) or a file; a link to nothing is listed too (and said to be broken), not passed over.
    private static func walk(_ directory: String, as name: String, into files: inout [String]) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let child = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if child == "." || child == ".." { continue }
            let path = directory + "/" + child
            var status = stat()
            var kind = Int(entry.pointee.d_type)
            if kind == DT_UNKNOWN, lstat(path, &status) == 0 {  // a file system that does not say
                kind = (status.st_mode & S_IFMT) == S_IFDIR ? DT_DIR : (status.st_mode & S_IFMT) == S_IFLNK ? DT_LNK : DT_REG
            }
            if kind == DT_DIR {
                walk(path, as: name + "/" + child, into: &files)
            } else if kind != DT_LNK || stat(path, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR {
                files.append(name + "/" + child)
            }
        }
    }

    /// Whether an entry beside the landing folder's siblings belongs to the table whose folder is
    /// `folder`: the folder itself or `<folder>.<anything>`, in any letter case. The one rule both
    /// the table's listing and the search for files no table reads go by.
    static func claims(_ name: String, folder: String) -> Bool {
        let lower = name.lowercased(), table = folder.lowercased()
        return lower == table || lower.hasPrefix(table + ".")
    }

    /// Why `stat` failed on a listed file: most often a link whose target is gone.
    static func whyUnreadable(_ path: String) -> String {
        let failure = String(cString: strerror(errno))
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            return "a link to \(target), which cannot be read (\(failure))"
        }
        return "cannot be read (\(failure))"
    }

    /// Whether a file name is one lake reads: a CSV, compressed or not, or an archive.
    static func isReadable(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".csv") || (compressedSuffixes + archiveSuffixes).contains(where: lower.hasSuffix)
    }

    /// Whether an archive member is a CSV lake reads.
    static func isCSVMember(_ name: String) -> Bool {
        let lower = (name as NSString).lastPathComponent.lowercased()
        return lower.hasSuffix(".csv") && !lower.hasPrefix(".")
    }
}

/// What a raw table's landing places hold, summed up for a health check (`lake doctor`): the
/// files lake would read, the newest one's time, and the files it would pass over and why.
public struct RawLandingSummary: Sendable {
    public let readable: Int
    public let newest: Date?
    public let unreadable: [(file: String, why: String)]

    public init(root: String, location: String) {
        let listing = RawFileListing(root: root, location: location)
        readable = listing.candidates.count
        newest = listing.candidates.map(\.fingerprint.modifiedNanoseconds).max().map { Date(timeIntervalSince1970: Double($0) / 1e9) }
        unreadable = listing.notIngested
    }
}
