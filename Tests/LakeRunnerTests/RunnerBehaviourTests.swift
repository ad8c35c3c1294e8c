import Foundation
import Testing
import LakeDuckDB
import LakeProject
import LakeYAML
@testable import LakeRunner

@Suite struct RunnerBehaviourTests {
    @Test func aCycleIsReportedWhole() throws {
        let project = try FixtureProject()
        try project.write("models/cycle/a.sql", "select * from {{ ref('c') }}")
        try project.write("models/cycle/b.sql", "select * from {{ ref('a') }}")
        try project.write("models/cycle/c.sql", "select * from {{ ref('b') }}")
        let error = #expect(throws: ProjectError.self) { try project.run() }
        #expect(error?.description == "dependency cycle: a → c → b → a")
    }

    @Test func incrementalModelsDeleteInsertAndAppendAcrossRuns() throws {
        let project = try FixtureProject()
        try project.write("models/marts/job_log.sql", """
            {{ config(materialized='incremental') }}
            select job_id, status from {{ ref('stg_jobs') }}
            {% if is_incremental() %}where job_id > (select max(job_id) from {{ this }}){% endif %}
            """)
        try project.run()
        #expect(try project.query("SELECT count(*) FROM job_events").scalar(Int.self) == 5)
        #expect(try project.query("SELECT count(*) FROM job_log").scalar(Int.self) == 5)

        // j5 changes status and j6 arrives.
        try project.write("data/jobs.csv", """
            job_id,machine_id,user_id,status,gpu_hours
            j1,m1,alice,Terminated,10.0
            j2,m1,bob,Failed,2.5
            j3,m2,alice,Terminated,4.0
            j4,m3,carol,Running,1.0
            j5,m2,bob,Failed,0.0
            j6,m1,carol,Terminated,3.0
            """)
        let (second, output) = try project.run()
        #expect(second.result(for: "job_events")?.rows == 2, "delete+insert rewrote j5 and added j6")
        #expect(second.result(for: "job_log")?.rows == 1, "append added only j6")
        #expect(output.contains("OK    incremental job_events"))
        #expect(try project.query("SELECT job_id, status FROM job_events ORDER BY 1").rows.map { "\($0[0])=\($0[1])" }
            == ["j1=Terminated", "j2=Failed", "j3=Terminated", "j4=Running", "j5=Failed", "j6=Terminated"])
        #expect(try project.query("SELECT count(*), count(DISTINCT job_id) FROM job_log").rows == [[.integer(6), .integer(6)]])

        // A third run with nothing new adds nothing twice.
        let third = try project.run().summary
        #expect(third.result(for: "job_log")?.rows == 0)
        #expect(try project.query("SELECT count(*) FROM job_events").scalar(Int.self) == 6)

        // --full-refresh rebuilds from scratch.
        let refreshed = try project.run { $0.fullRefresh = true }.summary
        #expect(refreshed.result(for: "job_events")?.rows == 6)

        // on_schema_change: fail stops a changed model, naming the change, and keeps the table.
        try project.write("models/marts/job_events.sql", """
            {{ config(materialized='incremental', unique_key='job_id', on_schema_change='fail') }}
            select job_id, status, gpu_hours, user_id from {{ ref('stg_jobs') }}
            """)
        let changed = try project.run { $0.select = ["job_events"] }.summary
        #expect(changed.result(for: "job_events")?.status == .error)
        #expect(changed.result(for: "job_events")?.message.contains("added: user_id") == true)
        #expect(try project.query("SELECT count(*) FROM job_events").scalar(Int.self) == 6)
    }

    @Test func aModelThatFailsHalfwayKeepsItsPreviousTable() throws {
        let project = try FixtureProject()
        try project.run()
        // Fails while rows are being produced, after the first machine.
        try project.write("models/marts/machine_usage.sql", """
            select machine_id, case when machine_id = 'm3' then error('boom at ' || machine_id) else 1 end as x
            from {{ ref('stg_jobs') }}
            """)
        let (summary, output) = try project.run()
        let failed = try #require(summary.result(for: "machine_usage"))
        #expect(failed.status == .error)
        #expect(failed.message.contains("boom at m3"))
        #expect(summary.exitCode == 1)
        #expect(output.contains("ERROR table machine_usage"))
        // The previous version is intact, and no temporary table is left.
        #expect(try project.query("SELECT count(*), sum(gpu_hours) FROM machine_usage").rows == [[.integer(3), .double(17.5)]])
        #expect(try project.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%lake_tmp%'").scalar(Int.self) == 0)
        // Its tests are skipped; unrelated models still ran.
        #expect(summary.result(for: "unique_machine_usage_machine_id")?.status == .skipped)
        #expect(summary.result(for: "user_summary")?.status == .success)
    }

    /// dbt's subset graph keeps the edges across the nodes a selection leaves out: a selected node
    /// that reads a failed one through an unselected one waits for it, and is skipped.
    @Test func aFailureSkipsWhatReadsItThroughUnselectedNodes() throws {
        let project = try FixtureProject()
        try project.write("models/marts/chain_a.sql", "select * from nowhere_at_all")
        try project.write("models/marts/chain_b.sql", "select * from {{ ref('chain_a') }}")
        try project.write("models/marts/chain_c.sql", "select * from {{ ref('chain_b') }}")
        let (summary, output) = try project.run { $0.select = ["chain_a", "chain_c"] }
        #expect(summary.result(for: "chain_a")?.status == .error)
        #expect(summary.result(for: "chain_b") == nil)
        #expect(summary.result(for: "chain_c")?.status == .skipped)
        #expect(summary.result(for: "chain_c")?.message == "skipped because chain_a failed", "\(output)")
    }

    @Test func aFailingErrorTestStopsItsModelsDescendants() throws {
        let project = try FixtureProject()
        try project.write("models/staging/checks.yml", """
            version: 2
            models:
              - name: stg_jobs
                columns:
                  - name: status
                    tests:
                      - accepted_values:
                          values: ['Terminated', 'Failed']
            """)
        let (summary, output) = try project.run()
        #expect(summary.result(for: "accepted_values_stg_jobs_status__Terminated__Failed")?.status == .fail)
        for downstream in ["job_events", "machine_usage", "usage_file", "user_summary"] {
            #expect(summary.result(for: downstream)?.status == .skipped, "\(downstream)")
        }
        #expect(summary.result(for: "machines")?.status == .success)
        #expect(summary.exitCode == 1)
        #expect(output.contains("FAIL  test accepted_values_stg_jobs_status__Terminated__Failed"))
        #expect(output.contains("skipped because accepted_values_stg_jobs_status__Terminated__Failed failed"))
        #expect(output.contains("ERROR=1"))

        // --fail-fast stops at the first error. A chain that needs nothing of it comes later in
        // dbt's order (it is deeper), so some of it is left unrun.
        try project.write("models/late_1.sql", "select * from {{ ref('machines') }}")
        try project.write("models/late_2.sql", "select * from {{ ref('late_1') }}")
        try project.write("models/late_3.sql", "select * from {{ ref('late_2') }}")
        let fast = try project.run { $0.failFast = true; $0.threads = 1 }.summary
        #expect(fast.results.filter { $0.status == .skipped }.count >= 4)
        // What needed the failed test is skipped because of it; what did not (the machines' tests)
        // is left by --fail-fast, and says so.
        #expect(fast.result(for: "user_summary")?.message == "skipped because accepted_values_stg_jobs_status__Terminated__Failed failed")
        let unrelated = fast.results.filter { $0.status == .skipped && !$0.message.hasPrefix("skipped because") }
        #expect(!unrelated.isEmpty, "\(fast.results.map { ($0.uniqueId, $0.status, $0.message) })")
        #expect(unrelated.allSatisfy { $0.message == "not run: --fail-fast stopped the run when accepted_values_stg_jobs_status__Terminated__Failed failed" })
    }

    @Test func lakeYmlErrorsNameTheirPosition() throws {
        let project = try FixtureProject()
        let original = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        try project.write("lake.yml", "name: shop\nwarehouse: data_lake/warehouse.duckdb\nthread: 4\n")
        let unknown = #expect(throws: YAMLError.self) { try project.run() }
        #expect(unknown?.description == """
            lake.yml:3:1: error: unknown key 'thread' in lake.yml (did you mean 'threads'?)
             3 | thread: 4
               | ^
            """)
        try project.write("lake.yml", "name: shop\nmodels:\n  shop:\n    marts:\n      materialised: table\n")
        let config = #expect(throws: YAMLError.self) { try project.run() }
        #expect(config?.line == 5)
        #expect(config?.message.contains("did you mean 'materialized'?") == true)
        try project.write("lake.yml", "name: shop\nvars: [1, 2\n")
        let syntax = #expect(throws: YAMLError.self) { try project.run() }
        #expect(syntax?.file == "lake.yml")
        #expect(syntax?.line == 3)
        // Properties of a model that does not exist are said and dropped with their tests, as dbt
        // warns "Did not find matching node for patch" and builds the rest (dbt 1.10 build).
        try project.write("models/marts/schema.yml", "version: 2\nmodels:\n  - name: machine_usag\n    columns:\n      - name: x\n        tests: [not_null]\n")
        try project.write("lake.yml", original)
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(output.contains("models/marts/schema.yml:3:11: warning: no model, seed or snapshot named 'machine_usag' (did you mean 'machine_usage'?): its properties and tests are ignored"), "\(output)")
        #expect(summary.result(for: "not_null_machine_usag_x") == nil)
    }

    @Test func aDbtDuckDBProjectRunsUnchanged() throws {
        let project = try FixtureProject("jaffle")
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(FileManager.default.fileExists(atPath: project.path("jaffle.duckdb")))
        let connection = try Database(path: project.path("jaffle.duckdb"), configuration: .init(accessMode: .readOnly)).connect()
        #expect(try connection.query("SELECT customer_id, first_name, number_of_orders FROM customers ORDER BY 1").rows == [
            [.integer(1), "Michael", .integer(2)], [.integer(2), "Shawn", .integer(1)], [.integer(3), "Kathleen", .integer(0)],
        ])
        #expect(try connection.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'stg_orders'").scalar(String.self) == "VIEW")
        #expect(summary.result(for: "not_null_customers_customer_id")?.status == .pass)
        #expect(summary.result(for: "accepted_values_stg_orders_status__placed__shipped__completed__returned")?.status == .pass)
        let manifest = try project.json("target/manifest.json")
        #expect((manifest["docs"] as? [String: Any])?["doc.jaffle.orders_status"] != nil)
    }
}
