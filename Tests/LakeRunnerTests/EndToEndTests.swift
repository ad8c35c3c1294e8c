import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

/// The fixture project built by `lake run`: every table's contents, the files, the artifacts.
@Suite struct EndToEndTests {
    @Test func aFullRunBuildsEverythingAndReports() throws {
        let project = try FixtureProject()
        let (summary, output) = try project.run()

        func status(_ name: String) -> String? { summary.result(for: name)?.status.rawValue }
        #expect(status("machines") == "success")
        #expect(status("stg_jobs") == "success")
        #expect(status("machine_usage") == "success")
        #expect(status("job_events") == "success")
        #expect(status("usage_file") == "success")
        #expect(status("user_summary") == "success")
        #expect(status("stg_machines") == nil, "ephemeral models are not run")
        #expect(status("not_null_machine_usage_machine_id") == "pass")
        #expect(status("unique_machine_usage_machine_id") == "pass")
        #expect(status("relationships_machine_usage_machine_id__machine_id__ref_machines_") == "pass")
        #expect(status("accepted_values_machine_usage_gpu_type__V100__T4__P100") == "pass")
        #expect(status("positive_machine_usage_gpu_hours") == "pass")
        // dbt's names (dbt-core's synthesize_generic_test_names): every argument joins the name, a
        // model-level test's column_name too, and a test on a source starts with source_.
        #expect(status("positive_user_summary_gpu_hours") == "pass")
        #expect(status("assert_costs_match_hours") == "pass")
        #expect(status("source_not_null_raw_jobs_job_id") == "pass")
        // The warn test: 'Running' is not accepted, so one failing value, reported as a warning.
        let warned = try #require(summary.result(for: "accepted_values_job_events_status__Terminated__Failed"))
        #expect(warned.status == .warn)
        #expect(warned.failures == 1)
        #expect(summary.exitCode == 0)
        #expect(output.contains("WARN  test accepted_values_job_events_status__Terminated__Failed"))
        #expect(output.contains("OK    table machine_usage"))
        #expect(output.contains("3 rows"))
        #expect(output.contains("Done. PASS=\(summary.results.count - 1) WARN=1 ERROR=0 SKIP=0 in "))

        // Table contents, computed by hand from the CSVs.
        let usage = try project.query("SELECT machine_id, gpu_type, gpu_hours, terminated_jobs, failed_jobs, running_jobs FROM machine_usage ORDER BY 1")
        #expect(usage.rows == [
            ["m1", "V100", .double(12.5), .integer(1), .integer(1), .integer(0)],
            ["m2", "T4", .double(4.0), .integer(2), .integer(0), .integer(0)],
            ["m3", "P100", .double(1.0), .integer(0), .integer(0), .integer(1)],
        ])
        // The seed's types: inferred, with column_types applied.
        let types = try project.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'machines' ORDER BY ordinal_position")
        #expect(types.rows == [["machine_id", "VARCHAR"], ["gpu_type", "VARCHAR"], ["gpus", "SMALLINT"]])
        #expect(try project.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'stg_jobs'").scalar(String.self) == "VIEW")
        #expect(try project.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'stg_machines'").scalar(Int.self) == 0)
        // The macro and the var: cost_cents = round(gpu_hours * 2.5 * 100).
        #expect(try project.query("SELECT cost_cents FROM stg_jobs WHERE job_id = 'j2'").scalar(Int.self) == 625)

        // The external model wrote Parquet, and its view reads the file.
        #expect(FileManager.default.fileExists(atPath: project.path("data_lake/marts/usage_file.parquet")))
        let file = try project.query("SELECT user_id, gpu_hours FROM read_parquet('data_lake/marts/usage_file.parquet') ORDER BY 1")
        #expect(file.rows == [["alice", .double(14.0)], ["bob", .double(2.5)], ["carol", .double(1.0)]])
        #expect(try project.query("SELECT sum(cost_cents) FROM user_summary").scalar(Int.self) == 4_375)
        // store_failures kept the failing rows.
        #expect(try project.query("SELECT value_field FROM main_dbt_test__audit.accepted_values_job_events_status__Terminated__Failed").rows == [["Running"]])

        // run_results.json and manifest.json, shaped like dbt's.
        let results = try project.json("target/run_results.json")
        let entries = try #require(results["results"] as? [[String: Any]])
        #expect(entries.count == summary.results.count)
        let usageEntry = try #require(entries.first { ($0["unique_id"] as? String) == "model.shop.machine_usage" })
        #expect(usageEntry["status"] as? String == "success")
        #expect((usageEntry["adapter_response"] as? [String: Any])?["rows_affected"] as? Int == 3)
        // A generic test's id ends in dbt's hash of what it is.
        #expect(entries.first { ($0["unique_id"] as? String)?.contains(".accepted_values_job_events_status__Terminated__Failed.") == true }?["status"] as? String == "warn")
        let manifest = try project.json("target/manifest.json")
        let nodes = try #require(manifest["nodes"] as? [String: [String: Any]])
        let node = try #require(nodes["model.shop.machine_usage"])
        #expect(node["resource_type"] as? String == "model")
        #expect(((node["depends_on"] as? [String: Any])?["nodes"] as? [String])?.sorted() == ["model.shop.stg_jobs", "model.shop.stg_machines"])
        #expect((node["config"] as? [String: Any])?["materialized"] as? String == "table")
        #expect((node["compiled_code"] as? String)?.contains("__dbt__cte__stg_machines as (") == true)
        #expect((manifest["sources"] as? [String: Any])?["source.shop.raw.jobs"] != nil)
    }

    @Test func testAloneRunsOnlyTheTestsAgainstTheWarehouse() throws {
        let project = try FixtureProject()
        try project.run()
        let (summary, _) = try project.run { $0.scope = .testsOnly }
        #expect(!summary.results.isEmpty)
        #expect(summary.results.allSatisfy { $0.uniqueId.hasPrefix("test.") })
        #expect(summary.exitCode == 0)
        let seeds = try project.run { $0.scope = .seedsOnly }.summary
        #expect(seeds.results.map(\.uniqueId) == ["seed.shop.machines"])
    }

    /// A malformed seed is an error naming its file and line; the table keeps its last good load.
    @Test(arguments: [
        ("machine_id,gpu_type,gpus\nm1,V100,8\nm2,T4,2,surplus\nm3,P100,4\n", "seeds/machines.csv:3: TOO MANY COLUMNS"),
        ("machine_id,gpu_type,gpus\nm1,V100,8\nm2\nm3,P100,4\n", "seeds/machines.csv:3: MISSING COLUMNS"),
        ("machine_id,gpu_type,gpus\nm1,V100,8\nm2,T4,two\nm3,P100,4\n", "seeds/machines.csv:3: CAST"),
    ])
    func aMalformedSeedNamesItsFileAndLine(text: String, expected: String) throws {
        let project = try FixtureProject()
        try project.run { $0.scope = .seedsOnly }
        try project.write("seeds/machines.csv", text)
        let (summary, _) = try project.run { $0.scope = .seedsOnly }
        let result = try #require(summary.result(for: "machines"))
        #expect(result.status == .error)
        #expect(result.message.contains(expected), "\(result.message)")
        #expect(try project.query("SELECT count(*) FROM machines").scalar(Int.self) == 3)
    }
}
