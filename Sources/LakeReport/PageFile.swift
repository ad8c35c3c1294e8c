import Foundation
import TextSupport

/// Writes a page through a temporary file, so a browser never opens half of one.
public enum PageFile {
    public static func write(_ html: String, to path: String) throws {
        try AtomicFile.write(SecretScrubbing.scrub(html), to: path)
    }
}
