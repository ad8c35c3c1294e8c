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
        reporter.sayLongRunning(at: start + 4)
        #expect(printed.text.isEmpty)
        reporter.sayLongRunning(at: start + 5)
        #expect(printed.text == "      … table silver_sensors running (5 s)\n")
        reporter.sayLongRunning(at: start + 20)
        reporter.sayLongRunning(at: start + 35)
        #expect(printed.text.hasSuffix("      … table silver_sensors running (35 s)\n"))
        #expect(printed.text.split(separator: "\n").count == 2)
        reporter.finished((name: "silver_sensors", materialization: "table"),
                          NodeResult(uniqueId: "model.p.silver_sensors", status: .success, message: "", rows: 3, failures: nil,
                                     started: start, finished: start + 40, sql: nil))
        reporter.sayLongRunning(at: start + 100)
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
            reporter.sayLongRunning(at: Date(timeIntervalSince1970: 60))
            #expect(printed.text.isEmpty)
        }
    }
}
