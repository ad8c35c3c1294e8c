import Foundation
import Testing
import LakeDuckDB
@testable import LakeRunner

@Suite struct MaterializationTests {
    @Test func externalFilesPartitionAndGrowIncrementally() throws {
        let project = try FixtureProject()
        try project.write("models/marts/jobs_by_status.sql", """
            {{ config(materialized='external', location='data_lake/gold/jobs_by_status', partition_by='status',
                      incremental=true, unique_key='job_id') }}
            select job_id, status, gpu_hours from {{ ref('stg_jobs') }}
            {% if is_incremental() %}where job_id >= 'j5'{% endif %}
            """)
        try project.run { $0.select = ["+jobs_by_status"] }
        let folders = try FileManager.default.contentsOfDirectory(atPath: project.path("data_lake/gold/jobs_by_status")).sorted()
        #expect(folders == ["status=Failed", "status=Running", "status=Terminated"])
        #expect(try project.query("SELECT count(*) FROM jobs_by_status").scalar(Int.self) == 5)

        try project.write("data/jobs.csv", "job_id,machine_id,user_id,status,gpu_hours\nj5,m2,bob,Failed,0.0\nj6,m1,carol,Terminated,3.0\n")
        let second = try project.run { $0.select = ["+jobs_by_status"] }.summary
        #expect(second.result(for: "jobs_by_status")?.rows == 2, "the run added j5 (replacing the old j5) and j6")
        #expect(try project.query("SELECT status FROM jobs_by_status WHERE job_id = 'j5'").scalar(String.self) == "Failed")
        #expect(try project.query("SELECT count(*) FROM jobs_by_status").scalar(Int.self) == 6)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.path("data_lake/gold")).filter { $0.contains("lake-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFailingExternalModelKeepsTheOldFileAndLeavesNoPartialOne() throws {
        let project = try FixtureProject()
        try project.run()
        let before = try Data(contentsOf: URL(fileURLWithPath: project.path("data_lake/marts/usage_file.parquet")))
        try project.write("models/marts/usage_file.sql", """
            {{ config(materialized='external') }}
            select user_id, case when user_id = 'carol' then error('no carol') else 1.0 end as gpu_hours, 0 as cost_cents
            from {{ ref('stg_jobs') }}
            """)
        let summary = try project.run().summary
        #expect(summary.result(for: "usage_file")?.status == .error)
        #expect(summary.result(for: "user_summary")?.status == .skipped)
        let after = try Data(contentsOf: URL(fileURLWithPath: project.path("data_lake/marts/usage_file.parquet")))
        #expect(after == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.path("data_lake/marts")) == ["usage_file.parquet"])
    }

    @Test func hooksRunAroundTheModel() throws {
        let project = try FixtureProject()
        try project.write("models/marts/hooked.sql", """
            {{ config(materialized='table',
                      pre_hook="create table if not exists hook_log (event varchar)",
                      post_hook=["insert into hook_log values ('built ' || (select count(*) from {{ this }}))"]) }}
            select 1 as x union all select 2
            """)
        try project.run { $0.select = ["hooked"] }
        #expect(try project.query("SELECT event FROM hook_log").rows == [["built 2"]])
    }

    @Test func aFailingPostHookFailsItsModelWhateverTheMaterialization() throws {
        let project = try FixtureProject()
        for (name, materialization) in [("hooked_table", "table"), ("hooked_incremental", "incremental"), ("hooked_view", "view")] {
            try project.write("models/marts/\(name).sql",
                              "{{ config(materialized='\(materialization)', post_hook=\"insert into no_such_table values (1)\") }}\nselect 1 as x")
        }
        let summary = try project.run { $0.select = ["hooked_table", "hooked_incremental", "hooked_view"] }.summary
        for name in ["hooked_table", "hooked_incremental", "hooked_view"] {
            let result = try #require(summary.result(for: name))
            #expect(result.status == .error, "\(name)")
            #expect(result.message.contains("no_such_table"), "\(name)")
        }
        // The hook runs in the model's transaction: the model is not left half done.
        #expect(try project.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'hooked_%'").scalar(Int.self) == 0)
    }

    @Test func testConfigsNarrowAndSetThresholds() throws {
        let project = try FixtureProject()
        try project.write("models/marts/more_checks.yml", """
            version: 2
            models:
              - name: job_events
                columns:
                  - name: status
                    tests:
                      - accepted_values:
                          name: only_done
                          values: ['Terminated']
                          config:
                            where: "gpu_hours >= 4"
                      - not_null:
                          config:
                            error_if: ">100"
                            warn_if: ">=0"
            """)
        let summary = try project.run { $0.select = ["+job_events"] }.summary
        #expect(summary.result(for: "only_done")?.status == .pass, "only rows with gpu_hours >= 4 are checked")
        #expect(summary.result(for: "not_null_job_events_status")?.status == .warn, "0 failures, but warn_if >=0 holds")
    }

    @Test func jsonLogsAndQuietOutput() throws {
        let project = try FixtureProject()
        let json = try project.run { $0.logFormat = .json; $0.select = ["machines"] }.output
        let lines = json.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.allSatisfy { $0 != nil })
        #expect(lines.first??["unique_id"] as? String == "seed.shop.machines" || lines.contains { $0?["unique_id"] as? String == "seed.shop.machines" })
        #expect(lines.last??["event"] as? String == "run_finished")
        let quiet = try project.run { $0.quiet = true }.output
        #expect(quiet.contains("WARN  test accepted_values_job_events_status__Terminated__Failed"))
        #expect(quiet.contains("Done. PASS=18 WARN=1"))
        #expect(!quiet.contains("OK ") && !quiet.contains("PASS  "), "quiet prints no successes: \(quiet)")
    }

    /// --debug prints each statement sent to DuckDB under the node that sent it, with its time.
    @Test func debugPrintsEveryStatementWithItsNode() throws {
        let project = try FixtureProject()
        let output = try project.run { $0.debug = true; $0.select = ["machines"] }.output
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("  debug: at ") && $0.contains(", machines took ") })
        #expect(lines[header].range(of: #"^  debug: at [0-9]+\.[0-9]{3} s, machines took [0-9]+\.[0-9]{3} s:$"#, options: .regularExpression) != nil)
        #expect(lines[header + 1].hasPrefix("    "), "the statement follows, indented: \(lines[header + 1])")
        #expect(output.contains("INSERT INTO") || output.contains("CREATE TABLE") || output.contains("CREATE OR REPLACE TABLE"))
        let plain = try project.run { $0.select = ["machines"] }.output
        #expect(!plain.contains("debug:"))
    }

    /// Only a pre-hook that fills a temporary table, and nothing else, runs before an incremental
    /// model's transaction (outside the lake's writer turn).
    @Test func onlyTemporaryTableHooksRunBeforeTheTransaction() {
        #expect(Materializer.HookRunner.fillsTemporaryTable("create or replace temp table __lake_touched_x as select 1"))
        #expect(Materializer.HookRunner.fillsTemporaryTable("  CREATE TEMPORARY TABLE t AS SELECT * FROM lake.main.x;\n"))
        #expect(!Materializer.HookRunner.fillsTemporaryTable("create table t as select 1"))
        #expect(!Materializer.HookRunner.fillsTemporaryTable("create temp table t as select 1; delete from lake.main.x"))
        #expect(!Materializer.HookRunner.fillsTemporaryTable("delete from x using temp.main.t"))
        #expect(!Materializer.HookRunner.fillsTemporaryTable("create or replace temp view v as select 1"))
    }
}
