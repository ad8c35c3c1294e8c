import Foundation
import Synchronization

/// `target/logs/lake.log`: every run appends what it printed (dbt's `logs/dbt.log` habit), under a
/// line naming the run and its time, so an unattended hourly run leaves a record. The terminal's
/// live status line is not kept.
final class RunLog: Sendable {
    /// Behind a lock so lines from several workers never interleave.
    private let handle: Mutex<FileHandle?>

    init(path: String, runId: String, command: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let file = FileHandle(forWritingAtPath: path)
        _ = try? file?.seekToEnd()
        handle = Mutex(file)
        append("\n=== \(ISO8601DateFormatter().string(from: Date())) \(command) (run \(runId), PID \(getpid()))\n")
    }

    deinit { handle.withLock { try? $0?.close() } }

    func append(_ text: String) {
        // The live status line (carriage return, clear to end of line) is for the terminal only.
        if text.hasPrefix("\r\u{1B}[K") { return }
        handle.withLock { $0?.write(Data(text.utf8)) }
    }
}
