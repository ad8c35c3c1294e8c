import Foundation
import LakeTemplates
import LakeYAML

/// dbt's `package-lock.yml`: every package `deps` installed, exactly — a git package at its commit,
/// a hub package at its version, the packages packages depend on included — keyed by `sha1_hash`
/// to the packages.yml it was resolved from. While the key matches, `deps` installs what the lock
/// says; when packages.yml changes (or with `--upgrade`) it resolves again and rewrites the lock.
struct PackageLock {
    static let file = "package-lock.yml"

    let entries: [PackageManifest.Entry]
    let hash: String?

    /// The project's lock file; nil when it has none.
    static func load(root: String) throws -> PackageLock? {
        let path = (root as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let document = try YAMLDocument(path: path, displayName: file)
        return PackageLock(entries: try PackageManifest.read(document).entries, hash: document.root?["sha1_hash"]?.text)
    }

    /// One installed package as the lock records it: its fields in dbt's (alphabetical) order.
    struct Record {
        var fields: [(key: String, value: String)]
    }

    /// The lock file's text, as dbt's YAML dumper lays it out.
    static func text(_ records: [Record], hash: String) -> String {
        var out = "packages:\n"
        for record in records {
            for (index, field) in record.fields.sorted(by: { $0.key < $1.key }).enumerated() {
                out += (index == 0 ? "  - " : "    ") + "\(field.key): \(scalar(field.value))\n"
            }
        }
        return out + "sha1_hash: \(hash)\n"
    }

    /// A string as a YAML scalar that reads back as the same string (quoted when it would read as
    /// a number, a boolean or null, or holds YAML's punctuation).
    private static func scalar(_ text: String) -> String {
        let plain = (text.first?.isLetter == true || text.first == "." || text.first == "/" || text.first == "_")
            && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_./:@~+-".unicodeScalars.contains($0) }
            && !text.contains(": ")
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
