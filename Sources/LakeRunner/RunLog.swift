import Foundation

/// `target/logs/lake.log`: every run appends what it printed (dbt's `logs/dbt.log` habit), under a
/// line naming the run and its time, so an unattended hourly run leaves a record. The terminal's
/// live status line is not kept.
final class RunLog: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()

    init(path: String, runId: String, command: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
        append("\n=== \(ISO8601DateFormatter().string(from: Date())) \(command) (run \(runId), PID \(getpid()))\n")
    }

    deinit { try? handle?.close() }

    func append(_ text: String) {
        // The live status line (carriage return, clear to end of line) is for the terminal only.
        if text.hasPrefix("\r\u{1B}[K") { return }
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data(text.utf8))
    }
}
