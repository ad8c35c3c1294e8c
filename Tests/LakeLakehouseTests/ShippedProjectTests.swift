import Foundation
import Testing
import LakeRunner
@testable import LakeLakehouse

/// `make run` on a fresh clone: the shipped sample builds every table and every test passes.
@Suite struct ShippedProjectTests {
    @Test func theSampleBuildsEveryTableAndPassesEveryTest() throws {
        let project = try LakehouseProject()
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(summary.results.allSatisfy { $0.status == .success || $0.status == .pass }, "\(output)")
        #expect(output.contains("Ingestion, this run (files by what became of them; lines: read = loaded + rejected + blank):"))
        for model in ["silver_jobs", "silver_gpu_timeseries", "silver_tasks", "silver_instances", "silver_sensors", "silver_machines",
                      "gold_cluster_util_daily", "gold_gpu_usage_hourly", "gold_node_usage", "gold_job_usage",
                      "gold_user_gpu_usage_daily", "gold_job_efficiency", "gold_billing"] {
            #expect(try project.count("SELECT count(*) FROM \(model)") > 0, "\(model) is empty")
        }
        // About 60 days, as the sample promises; the real machine table whole.
        #expect(try project.count("SELECT count(*) FROM gold_cluster_util_daily") == 60)
        #expect(try project.count("SELECT count(*) FROM silver_machines") == 1_897)
        #expect(try project.count("SELECT count(*) FROM gold_job_efficiency") == 10)
        // Everything lives in the lake: the catalog in data_lake/catalog.sqlite, the tables' Parquet files under data_lake/data/.
        #expect(!FileManager.default.fileExists(atPath: project.path("data_lake/warehouse.duckdb")))
        #expect(!FileManager.default.fileExists(atPath: project.path("data_lake/bronze")))
        for table in ["bronze_job_events", "bronze_task_table", "bronze_instance_table", "bronze_sensor_table", "bronze_group_tag_table",
                      "bronze_machine_spec", "bronze_machine_metrics", "bronze_ingested_files", "silver_jobs", "gold_cluster_util_daily",
                      "gold_cluster_util_daily_scored"] {
            let files = try project.count("SELECT count(*) FROM ducklake_list_files('lake', '\(table)') WHERE data_file LIKE '\(project.path("data_lake/data/"))%'")
            #expect(files >= 1, "\(table) has no Parquet file in the lake")
        }
        let report = try #require(try IngestionReport.make(summary.results, on: Warehouse.open(project.location, .read).connect(), since: .distantPast))
        #expect(report.tables.count == 7)
        #expect(report.tables.allSatisfy { $0.outcome.files.map(\.action) == [.new] && $0.read > 0 && $0.read == $0.loaded })
        #expect(report.balanced)
        #expect(report.tables.allSatisfy { $0.rejected == 0 })
    }
}
