import Foundation
import Testing
import LakeDuckDB
@testable import LakeLakehouse

@Suite struct TraceGeneratorTests {
    static func generate(into folder: String, seed: Int, scale: Double = 0.0004, days: Int = 21) throws -> [TraceGenerator.Written] {
        var settings = TraceGenerator.Settings(output: folder, machineSpec: LakehouseProject.repository + "/data_raw/pai_machine_spec.csv")
        settings.scale = scale
        settings.seed = seed
        settings.days = days
        return try TraceGenerator(settings: settings).run()
    }

    @Test func theSameSeedGivesTheSameTraceAndAnotherSeedAnother() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lake-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        _ = try Self.generate(into: base + "/a", seed: 3)
        _ = try Self.generate(into: base + "/b", seed: 3)
        _ = try Self.generate(into: base + "/c", seed: 4)
        for table in GeneratorSQL.tables + ["anomaly_labels"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(base)/a/\(table).csv"))
            #expect(a == (try Data(contentsOf: URL(fileURLWithPath: "\(base)/b/\(table).csv"))), "\(table)")
            if table != "pai_machine_spec" && table != "anomaly_labels" {
                #expect(a != (try Data(contentsOf: URL(fileURLWithPath: "\(base)/c/\(table).csv"))), "\(table)")
            }
        }
    }

    @Test func rowCountsFollowTheScaleAndTheTraceIsConsistent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try Self.generate(into: folder, seed: 11, scale: 0.002, days: 60)
        let rows = Dictionary(uniqueKeysWithValues: written.map { ($0.table, $0.rows) })
        // Scale 0.002 of the real trace's counts, exactly; metrics at the real density per machine.
        #expect(rows["pai_job_table"] == 2_111)
        #expect(rows["pai_instance_table"] == 15_044)
        #expect(rows["pai_group_tag_table"] == 2_111)
        let machines = try #require(rows["pai_machine_spec"])
        // The real trace's density, less the samples of a flapping machine while it is down.
        let density = Int((Double(machines) * 60 * 2_009_423 / (1_897 * 60)).rounded())
        let metricRows = try #require(rows["pai_machine_metric"])
        #expect(metricRows <= density && metricRows > density * 99 / 100)

        let connection = try Database().connect()
        func csv(_ table: String, _ columns: String) -> String {
            "read_csv('\(folder)/\(table).csv', header = false, auto_detect = false, columns = {\(columns)})"
        }
        let spec = csv("pai_machine_spec", "'machine': 'VARCHAR', 'gpu_type': 'VARCHAR', 'cap_cpu': 'INT', 'cap_mem': 'INT', 'cap_gpu': 'INT'")
        let instances = csv("pai_instance_table", "'job_name': 'VARCHAR', 'task_name': 'VARCHAR', 'inst_name': 'VARCHAR', 'worker_name': 'VARCHAR', 'inst_id': 'VARCHAR', 'status': 'VARCHAR', 'start_time': 'DOUBLE', 'end_time': 'DOUBLE', 'machine': 'VARCHAR'")
        let tasks = csv("pai_task_table", "'job_name': 'VARCHAR', 'task_name': 'VARCHAR', 'inst_num': 'INT', 'status': 'VARCHAR', 'start_time': 'DOUBLE', 'end_time': 'DOUBLE', 'plan_cpu': 'DOUBLE', 'plan_mem': 'DOUBLE', 'plan_gpu': 'DOUBLE', 'gpu_type': 'VARCHAR'")
        let metrics = csv("pai_machine_metric", "'worker_name': 'VARCHAR', 'machine': 'VARCHAR', 'start_time': 'DOUBLE', 'end_time': 'DOUBLE', 'a': 'DOUBLE', 'b': 'DOUBLE', 'c': 'DOUBLE', 'machine_gpu': 'DOUBLE', 'd': 'DOUBLE', 'e': 'DOUBLE', 'f': 'DOUBLE', 'machine_cpu': 'DOUBLE'")
        // Instances run on machines of their task's GPU type, and tasks' instance counts add up.
        #expect(try connection.query("""
            SELECT count(*) FROM \(instances) i JOIN \(tasks) t USING (job_name, task_name) JOIN \(spec) m ON m.machine = i.machine
            WHERE t.gpu_type IS NOT NULL AND t.gpu_type != m.gpu_type
            """).scalar(Int.self) == 0)
        #expect(try connection.query("SELECT sum(inst_num) FROM \(tasks)").scalar(Int.self) == 15_044)
        // Ids have the trace's shapes; machine_gpu never exceeds 100 per GPU.
        #expect(try connection.query("SELECT count(*) FROM \(instances) WHERE length(worker_name) != 60 OR NOT regexp_full_match(worker_name, '[0-9a-f]+')").scalar(Int.self) == 0)
        #expect(try connection.query("SELECT count(*) FROM \(metrics) x JOIN \(spec) m USING (machine) WHERE x.machine_gpu > 100 * m.cap_gpu").scalar(Int.self) == 0)
        // Job durations are heavy-tailed: the longest is far beyond the median.
        let tail = try connection.query("SELECT max(end_time - start_time) / median(end_time - start_time) FROM \(instances) WHERE end_time IS NOT NULL").scalar(Double.self) ?? 0
        #expect(tail > 50)
        // Weekends are quieter than weekdays.
        let weekly = try connection.query("""
            SELECT avg(machine_gpu / nullif(m.cap_gpu, 0)) FILTER (WHERE (floor((start_time - 345600) / 86400)::INT % 7) >= 5) /
                   avg(machine_gpu / nullif(m.cap_gpu, 0)) FILTER (WHERE (floor((start_time - 345600) / 86400)::INT % 7) < 5)
            FROM \(metrics) x JOIN \(spec) m USING (machine)
            """).scalar(Double.self) ?? 1
        #expect(weekly < 0.95)
        let labels = try String(contentsOfFile: folder + "/anomaly_labels.csv", encoding: .utf8).split(separator: "\n")
        #expect(labels.count == 4)
        #expect(labels[0] == "dt,kind,detail")
    }

    /// A short trace has one anomaly a day, so no job is written twice (with --days 7 two anomalies
    /// fell on one day and each of that day's jobs appeared once per anomaly).
    @Test func aShortTraceWritesEachJobOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for seed in [7, 11] {
            let written = try Self.generate(into: folder + "/\(seed)", seed: seed, scale: 0.002, days: 7)
            let jobs = try #require(written.first { $0.table == "pai_job_table" })
            #expect(jobs.rows == 2_111)
            let connection = try Database().connect()
            #expect(try connection.query("SELECT count(DISTINCT column0) FROM read_csv('\(jobs.file)', header = false)").scalar(Int.self) == 2_111)
            let labels = try String(contentsOfFile: folder + "/\(seed)/anomaly_labels.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(Set(labels.map { $0.prefix(10) }).count == labels.count)
        }
    }

    /// Generating into a folder that holds a trace is an error unless overwriting was asked for, and
    /// the real machine table the cluster is sampled from is never replaced by the sample.
    @Test func existingFilesAreKeptUnlessForcedAndTheMachineTableAlways() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let machines = folder + "/pai_machine_spec.csv"
        try FileManager.default.copyItem(atPath: LakehouseProject.repository + "/data_raw/pai_machine_spec.csv", toPath: machines)
        let real = try String(contentsOfFile: machines, encoding: .utf8)
        var settings = TraceGenerator.Settings(output: folder, machineSpec: machines)
        (settings.scale, settings.days) = (0.0004, 14)
        let first = try TraceGenerator(settings: settings).run()
        #expect(!first.contains { $0.table == "pai_machine_spec" })
        #expect(try String(contentsOfFile: machines, encoding: .utf8) == real)
        let jobs = try String(contentsOfFile: folder + "/pai_job_table.csv", encoding: .utf8)

        settings.seed = 43
        let refused = #expect(throws: GeneratorError.self) { try TraceGenerator(settings: settings).run() }
        #expect(refused?.description.contains("pass --force to replace them") == true)
        #expect(refused?.description.contains("pai_job_table.csv") == true)
        #expect(try String(contentsOfFile: folder + "/pai_job_table.csv", encoding: .utf8) == jobs)

        settings.overwrite = true
        _ = try TraceGenerator(settings: settings).run()
        #expect(try String(contentsOfFile: folder + "/pai_job_table.csv", encoding: .utf8) != jobs)
        #expect(try String(contentsOfFile: machines, encoding: .utf8) == real)
    }
}
