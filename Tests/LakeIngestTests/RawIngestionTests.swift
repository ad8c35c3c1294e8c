import Foundation
import Testing
import LakeDuckDB
@testable import LakeIngest

@Suite struct RawIngestionTests {
    let spec = RawFilesSpec(table: "jobs", location: "data_raw/jobs", columns: ["name VARCHAR", "count BIGINT"].map { try! RawColumn(declaration: $0) },
                            log: "ingestion_log", rejects: "rejects")

    func project(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "ingestion-\(UUID().uuidString)"
        for (file, text) in files {
            try FileManager.default.createDirectory(atPath: (root + "/" + file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: root + "/" + file, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The plan the model's SQL reads: a row per file, lake's rejects, and the paths to read.
    @Test func thePlanIsLeftOnTheConnection() throws {
        let root = try project(["data_raw/jobs.csv": "a,1\nb,2\n", "data_raw/jobs/bad.csv": "NAME,COUNT\nc,3\nd,4.5\n\ne,5\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let connection = try Database().connect()
        let ingestion = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, on: connection)
        #expect(ingestion.outcome.files.map(\.action) == [.new, .new])
        let files = try connection.query("SELECT file, read_path LIKE '%/staging/%', status, lines_read, lines_blank, rejected_by_lake FROM temp.lake_raw_files ORDER BY file")
        #expect(files.rows.map { $0.map(\.description) } == [["data_raw/jobs.csv", "false", "loaded", "2", "0", "0"],
                                                            ["data_raw/jobs/bad.csv", "true", "loaded", "4", "1", "1"]])
        let rejects = try connection.query("SELECT file, line, error_type, column_name FROM temp.lake_raw_rejects").rows.map { $0.map(\.description) }
        #expect(rejects == [["data_raw/jobs/bad.csv", "3", "FRACTION IN WHOLE NUMBER", "count"]])
        let loaded = try connection.query("""
            SELECT name FROM read_csv(getvariable('lake_raw_paths'), header = false, auto_detect = false,
                                      columns = {'name': 'VARCHAR', 'count': 'BIGINT'}) ORDER BY name
            """).columns[0].decode(String.self)
        #expect(loaded == ["a", "b", "c", "e"])
        ingestion.removeStagedCopies()
        #expect(!FileManager.default.fileExists(atPath: root + "/staging"))
    }

    /// A file that grows after lake read it is named, so the load is rolled back and it waits.
    @Test func aFileThatChangesAfterItWasReadIsNamed() throws {
        let root = try project(["data_raw/jobs.csv": "a,1\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ingestion = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, on: try Database().connect())
        #expect(ingestion.changedSinceRead().isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: root + "/data_raw/jobs.csv"))
        handle.seekToEndOfFile()
        handle.write(Data("b,2\n".utf8))
        try handle.close()
        #expect(ingestion.changedSinceRead() == ["data_raw/jobs.csv"])
        let later = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, skip: ["data_raw/jobs.csv"], on: try Database().connect())
        #expect(later.outcome.files.map(\.action) == [.beingWritten])
    }

    /// Content keeps the file that first brought it: a copy whose name sorts first does not take
    /// the rows over when everything is read again.
    @Test func aCopyNeverTakesOverTheOriginalsRows() throws {
        let root = try project(["data_raw/jobs/z.csv": "a,1\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let connection = try Database().connect()
        _ = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, on: connection)
        try connection.execute("""
            CREATE TABLE ingestion_log AS SELECT 'jobs' AS raw_table, file, content_hash, size, mtime_ns, ctime_ns, status, same_as, reason,
                now()::TIMESTAMP AS checked_at FROM temp.lake_raw_files
            """)
        try FileManager.default.copyItem(atPath: root + "/data_raw/jobs/z.csv", toPath: root + "/data_raw/jobs/a.csv")
        for fullRefresh in [false, true] {
            let again = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: fullRefresh, on: connection)
            #expect(again.outcome.files.map(\.file) == ["data_raw/jobs/a.csv", "data_raw/jobs/z.csv"])
            #expect(again.outcome.files[0].action == .duplicate && again.outcome.files[0].detail == "same content as data_raw/jobs/z.csv")
            #expect(again.outcome.files[1].action != .duplicate)
        }
    }

    /// A quarantined file left where it is is said again on every run, with its reason, not read again.
    @Test func aQuarantinedFileIsSaidAgainEveryRun() throws {
        let root = try project(["data_raw/jobs.csv": "only,three,fields\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let connection = try Database().connect()
        let first = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, on: connection)
        #expect(first.outcome.files.map(\.action) == [.quarantined])
        // Checked "later" than the file's times by more than the two seconds lake distrusts.
        try connection.execute("""
            CREATE TABLE ingestion_log AS SELECT 'jobs' AS raw_table, file, content_hash, size, mtime_ns, ctime_ns, status, same_as, reason,
                (now() + INTERVAL 10 SECOND)::TIMESTAMP AS checked_at FROM temp.lake_raw_files
            """)
        let again = try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, on: connection)
        #expect(again.outcome.files.map(\.action) == [.unchanged])
        #expect(again.outcome.files.first?.detail == "still quarantined: " + (first.outcome.files.first?.detail ?? "?"))
        #expect(try connection.query("SELECT count(*) FROM temp.lake_raw_files").value(Int.self, row: 0, column: 0) == 0)
    }

    /// A log an older lake wrote says first what to do about it, then what DuckDB said.
    @Test func anOlderLogSaysWhatToDoFirst() throws {
        let root = try project(["data_raw/jobs.csv": "a,1\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE ingestion_log (raw_table VARCHAR, file VARCHAR, content_hash VARCHAR, size BIGINT, mtime_ns BIGINT)")
        #expect {
            try RawIngestion(spec, root: root, staging: root + "/staging", fullRefresh: false, on: connection)
        } throws: { error in
            "\(error)".hasPrefix("the ingestion log ingestion_log comes from an older lake and lacks the columns this lake writes: "
                                + "drop it (lake sql --write -c \"DROP TABLE ingestion_log\") and run again")
        }
    }
}
