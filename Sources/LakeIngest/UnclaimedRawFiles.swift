import Foundation
import TextSupport

/// Data files in the raw landing folders that no raw table reads: a misspelt folder
/// (`data_raw/pai_jobs_table/`), a month's file beside its table's (`data_raw/pai_job_table_2020-07.csv`),
/// a CSV no bronze model was written for. A table's own listing never sees them, so the run says
/// them here, with where they probably belong.
public enum UnclaimedRawFiles {
    public struct Found: Sendable, Equatable {
        /// The file, or the folder with a trailing slash, from the project's root.
        public let path: String
        /// How many data files it holds (1 for a file).
        public let files: Int
        /// Its name up to the first dot: the table it would be if its name were one.
        public let stem: String
        /// The landing place its name suggests (e.g. data_raw/pai_job_table), if any.
        public let suggestion: String?
    }

    /// `locations`: every raw table's landing place in the project (e.g. "data_raw/pai_job_table"),
    /// whichever models this run selected. Hidden entries and files lake would not read anyway
    /// (a README) are not data, and not listed.
    public static func find(root: String, locations: [String]) -> [Found] {
        let manager = FileManager.default
        var found: [Found] = []
        let byParent = Dictionary(grouping: locations) { ($0 as NSString).deletingLastPathComponent }
        for (parent, claimed) in byParent.sorted(by: { $0.key < $1.key }) {
            let tables = claimed.map { ($0 as NSString).lastPathComponent }
            func location(for stem: String) -> String? {
                suggestion(for: stem, among: tables).map { parent.isEmpty ? $0 : parent + "/" + $0 }
            }
            let parentPath = (root as NSString).appendingPathComponent(parent)
            for name in ((try? manager.contentsOfDirectory(atPath: parentPath)) ?? []).sorted() where !name.hasPrefix(".") {
                if tables.contains(where: { RawFileListing.claims(name, folder: $0) }) { continue }
                let relative = parent.isEmpty ? name : parent + "/" + name
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: parentPath + "/" + name, isDirectory: &isDirectory)
                let stem = String(name.prefix { $0 != "." })
                if isDirectory.boolValue {
                    let count = dataFiles(under: parentPath + "/" + name)
                    if count > 0 { found.append(Found(path: relative + "/", files: count, stem: stem, suggestion: location(for: stem))) }
                } else if RawFileListing.isReadable(name) {
                    found.append(Found(path: relative, files: 1, stem: stem, suggestion: location(for: stem)))
                }
            }
        }
        return found
    }

    /// The table a name was probably meant for: a near spelling (`pai_jobs_table`) or the table's
    /// name with something after it (`pai_job_table_2020-07`).
    static func suggestion(for stem: String, among tables: [String]) -> String? {
        let lower = stem.lowercased()
        if let prefixed = tables.filter({ lower.hasPrefix($0.lowercased()) }).max(by: { $0.count < $1.count }) { return prefixed }
        return EditDistance.closest(to: lower, among: tables)
    }

    /// Data files (ones lake reads) at any depth, outside hidden folders.
    private static func dataFiles(under path: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var count = 0
        while let relative = walker.nextObject() as? String {
            let parts = relative.split(separator: "/")
            if parts.contains(where: { $0.hasPrefix(".") }) { continue }
            if RawFileListing.isReadable(String(parts.last ?? "")) { count += 1 }
        }
        return count
    }
}
