import Foundation
import TextSupport

/// Writes a page through a temporary file, so a browser never opens half of one.
public enum PageFile {
    public static func write(_ html: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        try SecretScrubbing.scrub(html).write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
