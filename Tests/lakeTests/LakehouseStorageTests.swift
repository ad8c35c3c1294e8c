import Foundation
import Testing
import LakeKit

/// The shipped project's lake on DuckLake with its SQLite catalog, as users and operators meet it:
/// readers during a run, kill -9 at any moment, time travel, and the reader fence.
@Suite(.serialized) struct LakehouseStorageTests {
    /// The total bill, as a string, read through the plain duckdb CLI with the lake attached read-only.
    static func cliTotal(_ lake: ShippedLake) throws -> (ok: Bool, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let attach = try #require(lake.location.attachStatement(readOnly: true))
        process.arguments = ["duckdb", "-csv", "-noheader", ":memory:", "-c",
                             attach + " SELECT round(sum(total_cost), 2) FROM gold_billing WHERE grain = 'user';"]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: out + err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus == 0, text)
    }

    @Test func aDuckDBReaderAlwaysSeesACompleteVersionDuringAFullRefresh() throws {
        let lake = try ShippedLake()
        #expect(try lake.lake("run").status == 0)
        let old = try Self.cliTotal(lake)
        #expect(old.ok, "\(old.text)")

        // The refresh bills at a new rate, so every gold row changes; the reader must see all old or all new.
        let run = try lake.start("run", "--full-refresh", "--vars", "{gpu_hour_rate: 3.75}")
        var seen: [String] = []
        while run.isRunning {
            let read = try Self.cliTotal(lake)
            #expect(read.ok, "a read failed during the run: \(read.text)")
            seen.append(read.text)
        }
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let new = try Self.cliTotal(lake)
        #expect(new.text != old.text)
        #expect(seen.count >= 3, "only \(seen.count) reads during the run")
        let strays = seen.filter { $0 != old.text && $0 != new.text }
        #expect(strays.isEmpty, "reads that were neither version: \(strays)")
    }

    @Test func killNineAtTwentyMomentsLeavesTheLastCompleteRun() throws {
        let lake = try ShippedLake()
        let started = Date()
        #expect(try lake.lake("run", "--full-refresh").status == 0)
        let duration = Date().timeIntervalSince(started)
        let baseline = try lake.digest()
        #expect(baseline.keys.contains("bronze_ingested_files") && baseline.keys.contains("bronze_rejects")
                && baseline.keys.contains("gold_cluster_util_daily_scored"), "\(baseline.keys.sorted())")

        for moment in 0..<20 {
            let run = try lake.start("run", "--full-refresh")
            Thread.sleep(forTimeInterval: duration * (Double(moment) + 0.5) / 20)
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            // Every table, the ingestion log and the rejects are exactly as the last complete run left them.
            let after = try lake.digest()
            let differing = after.filter { baseline[$0.key] != $0.value }.keys.sorted()
            let missingOrExtra = Set(baseline.keys).symmetricDifference(after.keys).sorted()
            #expect(differing.isEmpty && missingOrExtra.isEmpty,
                    "after a kill at \(moment + 1)/20 of the run: \(differing) differ, \(missingOrExtra) missing or extra")
        }
        // The next run is green, its accounting test included.
        let next = try lake.lake("run")
        #expect(next.status == 0, "\(next.output.suffix(2_000))")
        #expect(try lake.digest() == baseline)
    }

    @Test func timeTravelReadsThePreviousRunsGold() throws {
        let lake = try ShippedLake()
        let first = try lake.lake("run")
        #expect(first.status == 0)
        let sql = "SELECT round(sum(total_cost), 2) AS total FROM gold_billing WHERE grain = 'user'"
        let before = try lake.lake("query", "-f", "csv", sql).output
        // Snapshot times have whole seconds in the history; the second run starts in a later second.
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try lake.lake("run", "--vars", "{gpu_hour_rate: 4.0}", "--select", "gold_billing").status == 0)
        let after = try lake.lake("query", "-f", "csv", sql).output
        #expect(after != before)

        let history = try LakeHistory.read(lake.location)
        #expect(history.runs.count == 2)
        let firstRun = try #require(history.runs.first)
        #expect(firstRun.snapshots.contains { $0.node == "gold_billing" })
        #expect(history.runs[1].snapshots.map(\.node) == ["gold_billing"])
        #expect(history.runs[1].snapshots[0].changes.contains("main.gold_billing"))

        let atRun = try lake.lake("query", "-f", "csv", "--at-run", firstRun.id, sql)
        #expect(atRun.status == 0, "\(atRun.error)")
        #expect(atRun.output == before)
        let atSnapshot = try lake.lake("query", "-f", "csv", "--at-snapshot", String(firstRun.lastSnapshot), sql)
        #expect(atSnapshot.output == before)
        #expect(try lake.lake("query", "-f", "csv", "--at-snapshot", String(history.runs[1].lastSnapshot), sql).output == after)
        // The first run's last commit happened within this second; the second run's over a second later.
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        format.timeZone = TimeZone(identifier: "UTC")
        let lastCommit = try #require(firstRun.snapshots.last?.time)
        let committed = try #require(format.date(from: lastCommit))
        let atTime = try lake.lake("query", "-f", "csv", "--at", format.string(from: committed.addingTimeInterval(1)), sql)
        #expect(atTime.output == before, "\(atTime.error)")
        let listed = try lake.lake("history")
        #expect(listed.output.contains("run \(firstRun.id)"))
        #expect(listed.output.contains("gold_billing"))
        let unknown = try lake.lake("query", "--at-run", "nope", sql)
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("no run 'nope' in the lake's history"))
    }

    @Test func maintenanceMergesExpiresAndKeepsTheData() throws {
        let lake = try ShippedLake()
        #expect(try lake.lake("run").status == 0)
        for rate in ["3.0", "3.5", "4.0"] {
            #expect(try lake.lake("run", "--select", "gold_billing", "--vars", "{gpu_hour_rate: \(rate)}").status == 0)
        }
        let before = try lake.digest()
        let snapshots = try LakeHistory.read(lake.location).snapshots.count
        let maintained = try lake.lake("maintain", "--retention", "0 seconds")
        #expect(maintained.status == 0, "\(maintained.error)")
        #expect(maintained.output.contains("Maintained the lake"))
        #expect(try LakeHistory.read(lake.location).snapshots.count < snapshots)
        #expect(try lake.digest() == before)
        // The replaced versions of gold_billing are gone from disk once no snapshot needs them.
        let folder = lake.root + "/data_lake/data/main/gold_billing"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".parquet") }
        #expect(files.count == 1, "\(files)")
        let bad = try lake.lake("maintain", "--retention", "a while")
        #expect(bad.status == 1)
        #expect(bad.error.contains("write a number and a unit"))
    }

    @Test func lakeQueryCannotWriteOrReadOutsideTheLake() throws {
        let lake = try ShippedLake()
        #expect(try lake.lake("run", "--select", "+bronze_machine_spec").status == 0)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("lake-outside-\(UUID().uuidString).csv").path
        try "secret,1\n".write(toFile: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }

        // Each refused with its reason, and nothing written.
        let refused: [(sql: String, reason: String)] = [
            ("COPY (SELECT 1) TO '\(lake.root)/data_lake/out.csv'", "lake query is read-only"),
            ("SELECT * FROM read_csv('\(outside)')", "disabled by configuration"),
            ("INSERT INTO bronze_machine_spec (machine) VALUES ('x')", "lake query is read-only"),
            ("ATTACH '\(lake.root)/other.duckdb' AS other", "lake query is read-only"),
            ("SELECT 1; SELECT 2", "one statement at a time"),
        ]
        for (sql, reason) in refused {
            let result = try lake.lake("query", sql)
            #expect(result.status == 1, "\(sql)")
            #expect(result.error.contains(reason), "\(sql): \(result.error)")
        }
        #expect(!FileManager.default.fileExists(atPath: lake.root + "/data_lake/out.csv"))
        #expect(!FileManager.default.fileExists(atPath: lake.root + "/other.duckdb"))
        #expect(try lake.query("SELECT count(*) FROM bronze_machine_spec WHERE machine = 'x'").scalar(Int.self) == 0)
        // Reading the lake, and files inside the project, still works.
        let ok = try lake.lake("query", "-f", "csv", "SELECT count(*) AS n FROM bronze_machine_spec")
        #expect(ok.output == "n\n1897\n", "\(ok.error)")
        // (By absolute path: DuckDB checks the path as written against the allowed folders.)
        let inside = try lake.lake("query", "-f", "csv", "SELECT count(*) AS n FROM read_csv('\(lake.root)/data_raw/pai_machine_spec.csv', header = false)")
        #expect(inside.output == "n\n1897\n", "\(inside.error)")
    }

    @Test func aSecretEnvironmentVariableNeverReachesSQLArtifactsOrDocs() throws {
        let lake = try ShippedLake()
        let secret = "s3cr3t-\(UUID().uuidString)"
        setenv("DBT_ENV_SECRET_TOKEN", secret, 1)
        defer { unsetenv("DBT_ENV_SECRET_TOKEN") }
        try "select '{{ env_var('DBT_ENV_SECRET_TOKEN') }}' as token".write(toFile: lake.root + "/models/gold/leak.sql", atomically: true, encoding: .utf8)
        let run = try lake.lake("run", "--select", "leak")
        #expect(run.status == 1)
        #expect((run.output + run.error).contains("secret environment variables (DBT_ENV_SECRET_…) are allowed only in profiles.yml"))
        // A secret that reaches text some other way (here: a literal) is masked in what lake writes.
        try "select '\(secret)' as token".write(toFile: lake.root + "/models/gold/leak.sql", atomically: true, encoding: .utf8)
        #expect(try lake.lake("run", "--select", "leak").status == 0)
        _ = try lake.lake("docs")
        _ = try lake.lake("compile", "--select", "leak")
        var written = ""
        for path in FileManager.default.enumerator(atPath: lake.root + "/target")?.compactMap({ $0 as? String }) ?? [] {
            written += (try? String(contentsOfFile: lake.root + "/target/" + path, encoding: .utf8)) ?? ""
        }
        #expect(written.contains("leak"))
        #expect(!written.contains(secret))
        #expect(written.contains("*****"))
    }
}
