import Foundation
import LakeDuckDB
import LakeProject
import LakeRunner

/// lake.yml's `on_alert:` command, told of each alert a run opened: after the run's commits, once
/// per new open alert (first seen in this run), the alert's row as one JSON object on its stdin, with
/// LAKE_RUN_ID in its environment and the project as its working directory. A command that fails or
/// hangs is reported and never undoes the run; the alert stays in the lake for `lake alerts`.
public struct AlertNotifier: Sendable {
    public let command: String
    public let projectRoot: String
    /// How long one delivery may take before it is stopped.
    public var timeout: TimeInterval = 60

    public init(command: String, projectRoot: String) {
        self.command = command
        self.projectRoot = projectRoot
    }

    /// The alerts `runId` opened, as JSON objects, oldest first.
    public static func newAlerts(in relation: Relation, runId: String, on connection: Connection) throws -> [String] {
        let rows = try connection.query("""
            SELECT * FROM \(relation) WHERE first_seen_run = \(Relation.literal(runId)) AND state = 'open'
            ORDER BY kind, subject, alert_id
            """)
        return (0..<rows.rowCount).map { JSONText.object(rows, row: $0) }
    }

    /// Hands each alert to the command; returns the lines the run prints about it.
    public func deliver(_ alerts: [String], runId: String) -> String {
        guard !alerts.isEmpty else { return "on_alert: no new alerts in this run\n" }
        var failures: [String] = []
        for alert in alerts {
            if let problem = deliver(alert, runId: runId) { failures.append(problem) }
        }
        let delivered = alerts.count - failures.count
        var text = "on_alert: \(delivered) of \(alerts.count) new alert\(alerts.count == 1 ? "" : "s") delivered to `\(command)`\n"
        for failure in failures { text += "WARN on_alert: \(failure) (the run's commits stand; `lake alerts` lists the alert)\n" }
        return text
    }

    /// One delivery; nil when the command took the alert (exit status 0).
    private func deliver(_ alert: String, runId: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: projectRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["LAKE_RUN_ID"] = runId
        process.environment = environment
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.standardError
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        // Its stderr is drained as it comes, so a chatty command cannot block on a full pipe.
        nonisolated(unsafe) var said = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            said = errors.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        do {
            try process.run()
        } catch {
            return "could not start `\(command)`: \(error)"
        }
        // A command that does not read its stdin closes the pipe: the alert is then simply unread.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data((alert + "\n").utf8))
        try? input.fileHandleForWriting.close()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            drained.wait()
            return "`\(command)` took longer than \(Int(timeout)) s and was stopped"
        }
        drained.wait()
        guard process.terminationStatus != 0 || process.terminationReason != .exit else { return nil }
        let lastLine = String(decoding: said, as: UTF8.self).split(separator: "\n").last.map { ": \($0)" } ?? ""
        return process.terminationReason == .exit
            ? "`\(command)` exited with status \(process.terminationStatus)\(lastLine)"
            : "`\(command)` was killed by signal \(process.terminationStatus)\(lastLine)"
    }
}
