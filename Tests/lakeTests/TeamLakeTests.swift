import Foundation
import Testing
import LakeKit

/// A team's lake: the catalog in a real PostgreSQL server, several `lake` processes writing it at
/// once and others reading it.
@Suite(.serialized) struct TeamLakeTests {
    @Test func fourWritersAndReadersShareOneLakeOnAPostgreSQLCatalog() throws {
        let server = try PostgresServer()
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("lake-team-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let lake = try ShippedLake { text in
            text.replacingOccurrences(of: "catalog: sqlite:data_lake/catalog.sqlite", with: "catalog: \"postgres:\(server.connection)\"")
                .replacingOccurrences(of: "data_path: data_lake/data/", with: "data_path: \(shared)/")
        }
        let setUp = try lake.lake("run", "--select", "bronze_ingested_files", "bronze_rejects")
        #expect(setUp.status == 0, "\(setUp.output)\(setUp.error)")

        // Each writer ingests its own raw tables; all of them write the shared ingestion log.
        let shares = [["bronze_job_events", "bronze_task_table"], ["bronze_instance_table"],
                      ["bronze_sensor_table", "bronze_group_tag_table"], ["bronze_machine_metrics", "bronze_machine_spec"]]
        let writers = try shares.map { models in
            try lake.start(arguments: ["run", "--threads", "2", "--select"] + models)
        }
        var reads = 0
        while writers.contains(where: \.isRunning) {
            let read = try lake.lake("query", "-f", "csv", "SELECT count(*) AS files FROM bronze_ingested_files")
            #expect(read.status == 0, "a reader failed while the writers ran: \(read.error)")
            reads += 1
        }
        for writer in writers { writer.waitUntilExit(); #expect(writer.terminationStatus == 0) }
        #expect(reads >= 1)

        // Nothing lost, nothing doubled: every raw line is in its table once, every file in the log once.
        let raw = ["bronze_job_events": "pai_job_table", "bronze_task_table": "pai_task_table", "bronze_instance_table": "pai_instance_table",
                   "bronze_sensor_table": "pai_sensor_table", "bronze_group_tag_table": "pai_group_tag_table",
                   "bronze_machine_metrics": "pai_machine_metric", "bronze_machine_spec": "pai_machine_spec"]
        for (table, file) in raw {
            let lines = try String(contentsOfFile: lake.root + "/data_raw/\(file).csv", encoding: .utf8).split(separator: "\n").count
            #expect(try lake.query("SELECT count(*) FROM \(table)").scalar(Int.self) == lines, "\(table)")
        }
        #expect(try lake.query("SELECT count(*), count(DISTINCT file) FROM bronze_ingested_files").rows.first?.map(\.description) == ["7", "7"])
        #expect(try lake.query("SELECT count(*) FROM bronze_ingested_files WHERE lines_read <> rows_loaded + rows_rejected").scalar(Int.self) == 0)

        // The whole project then runs on the shared lake, and the lake's history names all five runs.
        let full = try lake.lake("run")
        #expect(full.status == 0, "\(full.output.suffix(2_000))")
        #expect(try lake.query("SELECT count(*) FROM bronze_ingested_files").scalar(Int.self) == 7)
        #expect(try LakeHistory.read(lake.location).runs.count == 6)
        #expect(try lake.query("SELECT count(*) FROM gold_cluster_util_daily_scored WHERE anomaly_flag = 1").scalar(Int.self) == 3)
    }
}
