import Foundation
import TextSupport
import LakeProject
import LakeTemplates

/// Prints progress as nodes finish (one line each) and the summary; while nodes run, on a terminal
/// a status line redrawn in place under the log (elapsed time, what runs, DuckDB's progress on
/// each), and into a pipe or a file a line for a node still running after a few seconds (so a long
/// node does not look like a hung run). Thread-safe.
final class RunReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var finished = 0
    /// A node running now: since when, when it was last said to be running, and how far DuckDB
    /// thinks its statement has got (0…100; nil when it cannot tell).
    private struct RunningNode {
        var label: String
        var started: Date
        var said: Date?
        var progress: (() -> Double?)?
    }
    private var running: [String: RunningNode] = [:]
    /// A node is said to be running after this long, and again after each `repeatAfter`.
    static let firstNotice: TimeInterval = 5
    static let repeatAfter: TimeInterval = 30
    private let options: RunOptions
    private let write: (String) -> Void
    private let runStarted: Date
    /// Whether the status line is on the screen now (so the next text erases it first).
    private var statusShown = false
    private var statusEnded = false

    init(total: Int, options: RunOptions, startedAt: Date = Date(), write: @escaping (String) -> Void) {
        self.total = total
        self.options = options
        self.runStarted = startedAt
        self.write = write
    }

    private var speaks: Bool { options.logFormat == .text && !options.quiet }

    func started(_ node: (name: String, materialization: String), at time: Date = Date(), progress: (() -> Double?)? = nil) {
        lock.lock()
        defer { lock.unlock() }
        running[node.name] = RunningNode(label: "\(node.materialization) \(node.name)", started: time, progress: progress)
    }

    /// The runner calls it every second: redraws the status line on a terminal, otherwise says
    /// which nodes have run long.
    func tick(at now: Date = Date()) {
        guard speaks else { return }
        lock.lock()
        defer { lock.unlock() }
        if options.statusLineWidth != nil { drawStatus(at: now) } else { sayLongRunning(at: now) }
    }

    private func sayLongRunning(at now: Date) {
        for (name, node) in running.sorted(by: { $0.value.started < $1.value.started }) {
            let due = node.said.map { now.timeIntervalSince($0) >= Self.repeatAfter } ?? (now.timeIntervalSince(node.started) >= Self.firstNotice)
            guard due else { continue }
            running[name]?.said = now
            write(String(format: "      … %@ running (%.0f s)\n", node.label, now.timeIntervalSince(node.started)))
        }
    }

    /// The status line: `⋯ 42 s · 7/24 done · silver_sensors 43% · bronze_task_table 12 s`, cut to the
    /// terminal's width (a wrapped line could not be redrawn in place).
    func statusText(at now: Date) -> String {
        var parts = [String(format: "⋯ %.0f s", now.timeIntervalSince(runStarted)), "\(finished)/\(total) done"]
        for node in running.values.sorted(by: { ($0.started, $0.label) < ($1.started, $1.label) }) {
            let name = node.label.split(separator: " ").last.map(String.init) ?? node.label
            if let percentage = node.progress?(), percentage > 0 {
                parts.append(String(format: "%@ %.0f%%", name, percentage))
            } else {
                parts.append(String(format: "%@ %.0f s", name, now.timeIntervalSince(node.started)))
            }
        }
        let text = parts.joined(separator: " · ")
        let width = max(20, (options.statusLineWidth ?? 80) - 1)
        return text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    private func drawStatus(at now: Date) {
        guard !statusEnded else { return }
        write("\r\u{1B}[K" + statusText(at: now))
        statusShown = true
    }

    /// Writes log text; on a terminal the status line is erased first and drawn again below it.
    private func emit(_ text: String) {
        if statusShown { write("\r\u{1B}[K"); statusShown = false }
        write(text)
        if options.statusLineWidth != nil && speaks { drawStatus(at: Date()) }
    }

    /// Takes the status line off the screen for good: what follows (the summary, the ingestion
    /// report) is plain log.
    func endStatus() {
        lock.lock()
        defer { lock.unlock() }
        statusEnded = true
        if statusShown { write("\r\u{1B}[K"); statusShown = false }
    }

    func finished(_ node: (name: String, materialization: String), _ result: NodeResult) {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        running[node.name] = nil
        if options.logFormat == .json {
            var fields: [(String, JSONValue)] = [("event", .string("node_finished")), ("index", .int(finished)), ("total", .int(total)),
                                                 ("unique_id", .string(result.uniqueId)), ("status", .string(result.status.rawValue)),
                                                 ("seconds", .double((result.seconds * 1000).rounded() / 1000))]
            if let rows = result.rows { fields.append(("rows", .int(rows))) }
            if !result.message.isEmpty { fields.append(("message", .string(result.message))) }
            emit(JSONWriter.write(.object(fields), sortKeys: false).replacingOccurrences(of: ", \"", with: ",\"") + "\n")
            return
        }
        let failed = result.status == .error || result.status == .fail
        // Quiet keeps what needs a person's attention: errors, failures and warnings.
        if options.quiet && !failed && result.status != .warn { return }
        let word: String = switch result.status {
        case .success: "OK"
        case .error: "ERROR"
        case .skipped: "SKIP"
        case .pass: "PASS"
        case .fail: "FAIL"
        case .warn: "WARN"
        case .noOp: "NO-OP"
        }
        let counter = "[\(finished)/\(total)]"
        let label = "\(node.materialization) \(node.name) "
        let dots = String(repeating: ".", count: max(3, 44 - label.count))
        var detail = ""
        if let failures = result.failures, ![.pass, .success, .noOp].contains(result.status) { detail = "\(Self.grouped(failures)) failing" }
        else if let rows = result.rows { detail = "\(Self.grouped(rows)) rows" }
        var line = "\(counter) \(word.padding(toLength: 5, withPad: " ", startingAt: 0)) \(label)\(dots) \(detail.isEmpty ? "" : detail + "  ")"
            + String(format: "%.2f s", result.seconds)
            + (result.secondsWaiting >= 0.5 ? String(format: " (%.1f s of it waiting for the lake's writer turn)", result.secondsWaiting) : "")
        // A success's message is a note about its configuration; failures, warnings and skips say why.
        if !result.message.isEmpty {
            line += "\n" + result.message.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        }
        emit(line + "\n")
    }

    func summary(_ results: [NodeResult], seconds: Double) {
        endStatus()
        var counts: [String: Int] = ["PASS": 0, "WARN": 0, "ERROR": 0, "SKIP": 0]
        // As dbt 1.10 counts: every result, the on-run hooks' included (dbt run of a model with one
        // on-run-start and one on-run-end hook says PASS=3).
        for result in results {
            counts[result.status.summaryBucket, default: 0] += 1
        }
        if options.logFormat == .json {
            write(JSONWriter.write(.object([("event", .string("run_finished")), ("pass", .int(counts["PASS"]!)), ("warn", .int(counts["WARN"]!)),
                                            ("error", .int(counts["ERROR"]!)), ("skip", .int(counts["SKIP"]!)),
                                            ("seconds", .double((seconds * 100).rounded() / 100))])) + "\n")
            return
        }
        let noOps = counts["NO-OP", default: 0]
        write("Done. PASS=\(counts["PASS"]!) WARN=\(counts["WARN"]!) ERROR=\(counts["ERROR"]!) SKIP=\(counts["SKIP"]!)"
              + (noOps > 0 ? " NO-OP=\(noOps)" : "") + String(format: " in %.2f s\n", seconds))
        // The failures last, so the end of a long log says what to look at.
        let failures = results.filter { $0.status == .error || $0.status == .fail }
        if !failures.isEmpty {
            write("Failures (\(failures.count)):\n" + failures.map { result in
                let name = NodeID.name(of: result.uniqueId)
                let first = result.message.split(separator: "\n").first.map(String.init) ?? ""
                return "  \(result.status == .fail ? "FAIL " : "ERROR") \(name): \(first)\n"
            }.joined())
        }
    }

    static func grouped(_ number: Int) -> String { NumberGrouping.grouped(number) }
}
