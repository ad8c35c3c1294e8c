// bench/runner: lake's overhead over DuckDB itself. Generates a project over a few million rows,
// times `lake run` (the release binary, as a user runs it), then replays the exact SQL that run
// executed in one `duckdb` CLI session, and prints the ratio. Goal: under 1.1.
//
//   swift build -c release && swift run -c release bench-runner [--rows N] [--repeat R]
import BenchSupport
import Foundation
import LakeDuckDB

let rows = Bench.option("--rows", 4_000_000)
let repeats = Bench.option("--repeat", 3)
let lakeBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lake").path
guard FileManager.default.isExecutableFile(atPath: lakeBinary) else {
    print("bench/runner: build the release binary first: swift build -c release"); exit(1)
}

// MARK: - The project

let root = Bench.scratchFolder("lake-bench-runner")
func write(_ relative: String, _ text: String) throws {
    let path = (root as NSString).appendingPathComponent(relative)
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}
try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
do {
    let connection = try Database().connect()
    try connection.execute("""
        COPY (
          SELECT i % 2000 AS machine_id,
                 TIMESTAMP '2020-07-01' + INTERVAL (i // 2000 * 60) SECOND AS ts,
                 (hash(i) % 10000) / 100.0 AS gpu_util,
                 (hash(i * 7) % 10000) / 100.0 AS cpu_util,
                 (hash(i * 13) % 1000) / 10.0 AS load_1,
                 'job_' || (i % 50000) AS job_id
          FROM range(\(rows)) r(i)
        ) TO '\(root)/data/metrics.parquet' (FORMAT parquet)
        """)
}
try write("lake.yml", "name: bench\nmodels:\n  bench:\n    silver:\n      +materialized: table\n    gold:\n      +materialized: table\n")
try write("models/sources.yml", """
    version: 2
    sources:
      - name: raw
        tables:
          - name: metrics
            location: data/metrics.parquet
    """)
try write("models/bronze/bronze_metrics.sql", "select * from {{ source('raw', 'metrics') }}")
try write("models/silver/silver_metrics.sql", """
    select machine_id, ts, date_trunc('day', ts) as dt, date_trunc('hour', ts) as hour,
           gpu_util, cpu_util, load_1, job_id
    from {{ ref('bronze_metrics') }} where gpu_util is not null
    """)
for (name, grain) in [("hourly", "hour"), ("daily", "dt")] {
    try write("models/gold/gold_cluster_\(name).sql", """
        select {{ '\(grain)' }} as period, avg(gpu_util) as avg_gpu, quantile_cont(gpu_util, 0.95) as p95_gpu,
               avg(cpu_util) as avg_cpu, count(distinct machine_id) as machines
        from {{ ref('silver_metrics') }} group by 1
        """)
}
try write("models/gold/gold_machines.sql", """
    select machine_id, avg(gpu_util) as mean_gpu, quantile_cont(gpu_util, 0.95) as p95_gpu,
           avg(case when gpu_util < 5 then 1 else 0 end) as idle_share, count(*) as samples
    from {{ ref('silver_metrics') }} group by 1
    """)
try write("models/gold/gold_jobs.sql", """
    select job_id, count(*) as samples, avg(gpu_util) as mean_gpu, min(ts) as first_seen, max(ts) as last_seen
    from {{ ref('silver_metrics') }} group by 1
    """)
try write("models/gold/gold_machine_days.sql", """
    select machine_id, dt, avg(gpu_util) as mean_gpu, max(load_1) as max_load
    from {{ ref('silver_metrics') }} group by 1, 2
    """)
try write("models/gold/schema.yml", """
    version: 2
    models:
      - name: gold_machines
        columns:
          - name: machine_id
            tests: [not_null, unique]
          - name: idle_share
            tests: [not_null]
      - name: gold_jobs
        columns:
          - name: job_id
            tests: [not_null, unique]
      - name: gold_cluster_daily
        columns:
          - name: period
            tests: [not_null, unique]
    """)

// MARK: - Timing

func shell(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let inputPipe = Pipe()
    if input != nil { process.standardInput = inputPipe }
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    return process.terminationStatus
}

let warehouse = root + "/data_lake/warehouse.duckdb"
func reset() { for suffix in ["", ".wal"] { try? FileManager.default.removeItem(atPath: warehouse + suffix) } }

var lakeTimes: [Double] = []
for _ in 0..<repeats {
    reset()
    let time = try Bench.seconds {
        guard try shell(lakeBinary, ["run", "--project-dir", root, "--quiet"]) == 0 else { print("lake run failed"); exit(1) }
    }
    lakeTimes.append(time)
}

// The statements that run executed, in the order they finished (parents before children).
let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/target/run_results.json"))) as! [String: Any]
let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/target/manifest.json"))) as! [String: Any]
let nodes = manifest["nodes"] as! [String: [String: Any]]
var script = "SET file_search_path = '\(root)';\n"
for result in results["results"] as! [[String: Any]] {
    let id = result["unique_id"] as! String
    let sql = result["compiled_code"] as! String
    let node = nodes[id]!
    let relation = node["relation_name"] as? String ?? ""
    switch (node["config"] as? [String: Any])?["materialized"] as? String {
    case "view": script += "CREATE OR REPLACE VIEW \(relation) AS\n\(sql);\n"
    case "table": script += "CREATE OR REPLACE TABLE \(relation) AS\n\(sql);\n"
    default: script += "SELECT count(*) FROM (\n\(sql)\n);\n"
    }
}
let duckdb = ["/usr/local/bin/duckdb", "/usr/bin/duckdb"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "duckdb"
var duckTimes: [Double] = []
for _ in 0..<repeats {
    reset()
    try FileManager.default.createDirectory(atPath: root + "/data_lake", withIntermediateDirectories: true)
    let time = try Bench.seconds {
        guard try shell(duckdb, ["-bail", warehouse], input: script) == 0 else { print("duckdb replay failed"); exit(1) }
    }
    duckTimes.append(time)
}

let lake = Bench.median(lakeTimes), plain = Bench.median(duckTimes)
print("bench/runner: \(rows) rows of telemetry, \((results["results"] as! [Any]).count) nodes (7 models, 7 tests), \(repeats) runs (median)")
print(String(format: "  lake run (release binary, whole process):  %6.2f s", lake))
print(String(format: "  the same SQL in one duckdb CLI session:    %6.2f s", plain))
print(String(format: "  overhead ratio (lake / duckdb):            %6.3f", lake / plain))
