import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// What an hourly, unattended run relies on: one writer at a time (a second run fails at once
/// naming the holder, or with `--wait-for-lock` waits and then succeeds) and target/logs/lake.log.
@Suite struct UnattendedRunTests {
    @Test func aSecondWriterFailsOrWaitsForTheLock() throws {
        let project = try FixtureProject("snapshots")
        #expect(try project.run().summary.exitCode == 0)
        let location = WarehouseLocation(project: try Runner(projectDirectory: project.root, options: RunOptions()).project)
        // Another writer holds the lake (a second open file description conflicts even in-process).
        let lockFile = try #require(WriterLock.path(for: location))
        var noWait = Backoff(seconds: nil)
        let held = Holder(try WriterLock.acquire(path: lockFile, backoff: &noWait) { _ in })
        #expect { try project.run() } throws: { error in
            let text = "\(error)"
            return error is LakeError && text.hasPrefix("another lake process (PID \(getpid()), since ")
                && text.hasSuffix("is writing this lake; wait for it to finish, or run with --wait-for-lock SECONDS")
        }

        // Released after 1.5 s while the run waits up to 20 s: it waits, then succeeds.
        let release = Thread { Thread.sleep(forTimeInterval: 1.5); held.release() }
        release.start()
        let started = Date()
        let waited = try project.run { $0.waitForLock = 20 }
        #expect(waited.summary.exitCode == 0, "\(waited.output)")
        #expect(Date().timeIntervalSince(started) >= 1.4)
        #expect(waited.output.contains("Waiting for the lake's writer lock, held by PID \(getpid())"), "\(waited.output)")

        // Held past the wait: a clear failure.
        let stubborn = try WriterLock.acquire(path: lockFile, backoff: &noWait) { _ in }
        #expect { try project.run { $0.waitForLock = 1 } } throws: { "\($0)".contains("still held the lake's writer lock after 1 s of waiting") }
        withExtendedLifetime(stubborn) {}
    }

    @Test func everyRunAppendsToTheLog() throws {
        let project = try FixtureProject("snapshots")
        let first = try project.run()
        let second = try project.run()
        let log = try String(contentsOfFile: project.path("target/logs/lake.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "\n=== ").count == 3, "two runs, each under its own header")
        #expect(log.contains("(run \(first.summary.runId), PID \(getpid()))") && log.contains("(run \(second.summary.runId), PID"))
        #expect(log.contains("OK    snapshot customers_history"))
        #expect(log.hasSuffix("exit status 0\n"))
        #expect(!log.contains("\u{1B}[K"))
    }
}

/// Another writer's lock, released from another thread.
private final class Holder: @unchecked Sendable {
    private var lock: WriterLock?
    private let mutex = NSLock()
    init(_ lock: WriterLock) { self.lock = lock }
    func release() { mutex.lock(); lock = nil; mutex.unlock() }
}

/// A transient I/O failure (EIO, EAGAIN, a timeout) is tried again a bounded number of times,
/// saying so; a failure that will not pass (a missing file) is not.
@Suite struct TransientFailureTests {
    final class Attempts: @unchecked Sendable { var count = 0; var notes: [String] = [] }

    @Test func transientIOIsRetriedAndSaid() throws {
        let attempts = Attempts()
        let value = try Runner.retryingConflicts(note: { attempts.notes.append($0) }) { () throws -> Int in
            attempts.count += 1
            if attempts.count < 3 { throw DuckDBError(.query, message: "IO Error: Could not read from file \"x.parquet\": Input/output error") }
            return 7
        }
        #expect(value == 7 && attempts.count == 3)
        #expect(attempts.notes == [
            "I/O failed (IO Error: Could not read from file \"x.parquet\": Input/output error); trying again in 0.5 s (attempt 2 of 3)\n",
            "I/O failed (IO Error: Could not read from file \"x.parquet\": Input/output error); trying again in 1.0 s (attempt 3 of 3)\n",
        ])

        let stubborn = Attempts()
        #expect(throws: DuckDBError.self) {
            try Runner.retryingConflicts { stubborn.count += 1; throw DuckDBError(.query, message: "IO Error: Resource temporarily unavailable") }
        }
        #expect(stubborn.count == Runner.transientIOAttempts)

        let missing = Attempts()
        #expect(throws: DuckDBError.self) {
            try Runner.retryingConflicts { missing.count += 1; throw DuckDBError(.query, message: "IO Error: No files found that match the pattern \"x.csv\"") }
        }
        #expect(missing.count == 1)
    }
}
