import Foundation
import LakeTemplates

/// Prints progress as nodes finish (one line each), a line for a node still running after a few
/// seconds (so a long node does not look like a hung run), and the summary; thread-safe.
final class RunReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var finished = 0
    /// Nodes running now: when each started, and when it was last said to be running.
    private var running: [String: (label: String, started: Date, said: Date?)] = [:]
    /// A node is said to be running after this long, and again after each `repeatAfter`.
    static let firstNotice: TimeInterval = 5
    static let repeatAfter: TimeInterval = 30
    private let options: RunOptions
    private let write: (String) -> Void

    init(total: Int, options: RunOptions, write: @escaping (String) -> Void) {
        self.total = total
        self.options = options
        self.write = write
    }

    func started(_ node: (name: String, materialization: String), at time: Date = Date()) {
        lock.lock()
        defer { lock.unlock() }
        running[node.name] = ("\(node.materialization) \(node.name)", time, nil)
    }

    /// Says which nodes have run long (text output, not quiet); the runner calls it every second.
    func sayLongRunning(at now: Date = Date()) {
        guard options.logFormat == .text, !options.quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        for (name, node) in running.sorted(by: { $0.value.started < $1.value.started }) {
            let due = node.said.map { now.timeIntervalSince($0) >= Self.repeatAfter } ?? (now.timeIntervalSince(node.started) >= Self.firstNotice)
            guard due else { continue }
            running[name]?.said = now
            write(String(format: "      … %@ running (%.0f s)\n", node.label, now.timeIntervalSince(node.started)))
        }
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
            write(JSONWriter.write(.object(fields), sortKeys: false).replacingOccurrences(of: ", \"", with: ",\"") + "\n")
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
        }
        let counter = "[\(finished)/\(total)]"
        let label = "\(node.materialization) \(node.name) "
        let dots = String(repeating: ".", count: max(3, 44 - label.count))
        var detail = ""
        if let failures = result.failures, result.status != .pass { detail = "\(Self.grouped(failures)) failing" }
        else if let rows = result.rows { detail = "\(Self.grouped(rows)) rows" }
        var line = "\(counter) \(word.padding(toLength: 5, withPad: " ", startingAt: 0)) \(label)\(dots) \(detail.isEmpty ? "" : detail + "  ")"
            + String(format: "%.2f s", result.seconds)
            + (result.secondsWaiting >= 0.5 ? String(format: " (%.1f s of it waiting for the lake's writer turn)", result.secondsWaiting) : "")
        // A success's message is a note about its configuration; failures, warnings and skips say why.
        if !result.message.isEmpty {
            line += "\n" + result.message.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        }
        write(line + "\n")
    }

    func summary(_ results: [NodeResult], seconds: Double) {
        var counts: [String: Int] = ["PASS": 0, "WARN": 0, "ERROR": 0, "SKIP": 0]
        for result in results { counts[result.status.summaryBucket, default: 0] += 1 }
        if options.logFormat == .json {
            write(JSONWriter.write(.object([("event", .string("run_finished")), ("pass", .int(counts["PASS"]!)), ("warn", .int(counts["WARN"]!)),
                                            ("error", .int(counts["ERROR"]!)), ("skip", .int(counts["SKIP"]!)),
                                            ("seconds", .double((seconds * 100).rounded() / 100))])) + "\n")
            return
        }
        write(String(format: "Done. PASS=%d WARN=%d ERROR=%d SKIP=%d in %.2f s\n", counts["PASS"]!, counts["WARN"]!, counts["ERROR"]!,
                     counts["SKIP"]!, seconds))
        // The failures last, so the end of a long log says what to look at.
        let failures = results.filter { $0.status == .error || $0.status == .fail }
        if !failures.isEmpty {
            write("Failures (\(failures.count)):\n" + failures.map { result in
                let name = result.uniqueId.split(separator: ".").last.map(String.init) ?? result.uniqueId
                let first = result.message.split(separator: "\n").first.map(String.init) ?? ""
                return "  \(result.status == .fail ? "FAIL " : "ERROR") \(name): \(first)\n"
            }.joined())
        }
    }

    static func grouped(_ number: Int) -> String { RunReporterNumbers.grouped(number) }
}

/// Numbers as people read them.
public enum RunReporterNumbers {
    /// 1055501 → "1,055,501".
    public static func grouped(_ number: Int) -> String {
        let digits = String(abs(number))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (number < 0 ? "-" : "") + out
    }
}
