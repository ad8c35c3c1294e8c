import Foundation
import Testing
@testable import LakeRunner

/// A long node says it is still running, so a run that takes minutes never looks hung.
@Suite struct RunReporterTests {
    final class Printed: @unchecked Sendable {
        var text = ""
    }

    @Test func aLongNodeSaysItIsRunningThenFinishes() {
        let printed = Printed()
        let reporter = RunReporter(total: 1, options: RunOptions()) { printed.text += $0 }
        let start = Date(timeIntervalSince1970: 1_000)
        reporter.started((name: "silver_sensors", materialization: "table"), at: start)
        reporter.tick(at: start + 4)
        #expect(printed.text.isEmpty)
        reporter.tick(at: start + 5)
        #expect(printed.text == "      … table silver_sensors running (5 s)\n")
        reporter.tick(at: start + 20)
        reporter.tick(at: start + 35)
        #expect(printed.text.hasSuffix("      … table silver_sensors running (35 s)\n"))
        #expect(printed.text.split(separator: "\n").count == 2)
        reporter.finished((name: "silver_sensors", materialization: "table"),
                          NodeResult(uniqueId: "model.p.silver_sensors", status: .success, message: "", rows: 3, failures: nil,
                                     started: start, finished: start + 40, sql: nil))
        reporter.tick(at: start + 100)
        #expect(printed.text.split(separator: "\n").count == 3)
        #expect(printed.text.hasSuffix("[1/1] OK    table silver_sensors ....................... 3 rows  40.00 s\n"))
    }

    /// A node that waited for the lake's writer turn says how much of its time was the wait.
    @Test func aNodeThatWaitedSaysSo() {
        let printed = Printed()
        let reporter = RunReporter(total: 1, options: RunOptions()) { printed.text += $0 }
        var result = NodeResult(uniqueId: "model.p.silver_jobs", status: .success, message: "", rows: 5, failures: nil,
                                started: Date(timeIntervalSince1970: 0), finished: Date(timeIntervalSince1970: 9), sql: nil)
        result.secondsWaiting = 8.25
        reporter.finished((name: "silver_jobs", materialization: "table"), result)
        #expect(printed.text.hasSuffix("5 rows  9.00 s (8.2 s of it waiting for the lake's writer turn)\n"), "\(printed.text)")
    }

    @Test func quietAndJSONOutputSayNothingWhileNodesRun() {
        for (quiet, format) in [(true, RunOptions.LogFormat.text), (false, RunOptions.LogFormat.json)] {
            let printed = Printed()
            var options = RunOptions()
            options.quiet = quiet
            options.logFormat = format
            let reporter = RunReporter(total: 1, options: options) { printed.text += $0 }
            reporter.started((name: "x", materialization: "table"), at: Date(timeIntervalSince1970: 0))
            reporter.tick(at: Date(timeIntervalSince1970: 60))
            #expect(printed.text.isEmpty)
        }
    }

    /// On a terminal one line under the log says what runs, with DuckDB's progress, and is redrawn
    /// in place; node lines go above it and the summary replaces it.
    @Test func aTerminalGetsAStatusLineRedrawnUnderTheLog() {
        let printed = Printed()
        var options = RunOptions()
        options.statusLineWidth = 100
        let start = Date(timeIntervalSince1970: 1_000)
        let reporter = RunReporter(total: 3, options: options, startedAt: start) { printed.text += $0 }
        reporter.started((name: "silver_sensors", materialization: "table"), at: start, progress: { 43.4 })
        reporter.started((name: "bronze_task_table", materialization: "incremental"), at: start + 1, progress: { nil })
        reporter.tick(at: start + 12)
        #expect(printed.text == "\r\u{1B}[K⋯ 12 s · 0/3 done · silver_sensors 43% · bronze_task_table 11 s")
        // No "still running" lines: the status line says it.
        reporter.tick(at: start + 40)
        #expect(!printed.text.contains("running ("))
        printed.text = ""
        reporter.finished((name: "silver_sensors", materialization: "table"),
                          NodeResult(uniqueId: "model.p.silver_sensors", status: .success, message: "", rows: 3, failures: nil,
                                     started: start, finished: start + 40, sql: nil))
        #expect(printed.text.hasPrefix("\r\u{1B}[K[1/3] OK    table silver_sensors"))
        #expect(printed.text.contains("40.00 s\n\r\u{1B}[K⋯ "))
        #expect(printed.text.hasSuffix("1/3 done · bronze_task_table \(Int(Date().timeIntervalSince(start + 1).rounded())) s"))
        printed.text = ""
        reporter.summary([], seconds: 41)
        #expect(printed.text == "\r\u{1B}[KDone. PASS=0 WARN=0 ERROR=0 SKIP=0 in 41.00 s\n")
        reporter.tick(at: start + 50)
        #expect(printed.text.hasSuffix("41.00 s\n"), "no status line after the summary")
    }

    @Test func theStatusLineIsCutToTheTerminal() {
        var options = RunOptions()
        options.statusLineWidth = 30
        let start = Date(timeIntervalSince1970: 0)
        let reporter = RunReporter(total: 2, options: options, startedAt: start) { _ in }
        reporter.started((name: "a_model_with_a_long_name", materialization: "table"), at: start)
        reporter.started((name: "another_model", materialization: "table"), at: start)
        let text = reporter.statusText(at: start + 3)
        #expect(text == "⋯ 3 s · 0/2 done · a_model_w…")
        #expect(text.count == 29)
    }
}
