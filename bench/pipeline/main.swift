// bench/pipeline: the lakehouse at full size, each figure beside its floor measured in the same run.
// `lake generate --scale 1.0` (the real trace's row counts), then, each on a new lake and each a
// separate process of the release binary, with wall time and peak memory:
//   - DuckDB's floor: one `duckdb` session loading the raw CSVs with `read_csv` into a DuckLake
//     (SQLite catalog and Parquet codec as lake.yml), once for the reference's tables and once for all;
//   - lake, the reference stack's work: its bronze tables through gold_cluster_util_daily_scored
//     and silver_users, tested (what pandas + dbt-duckdb + scikit-learn do, 26.9 s on this machine);
//   - lake, the whole project: every raw table, model, test and the forest.
// Then the slowest nodes of the whole run, from target/run_results.json. Files are in the page cache
// (the generator just wrote them): warm figures.
//
//   swift build -c release && swift run -c release bench-pipeline [--scale-permille 1000] [--days 60]
import BenchSupport
import Foundation

let scale = Double(Bench.option("--scale-permille", 1_000)) / 1_000
let days = Bench.option("--days", 60)
let binary = Bench.lakeBinary(for: "bench/pipeline")
let duckdb = Bench.duckdbCLI(for: "bench/pipeline")
let repository = Bench.repository(from: #filePath)
let referenceSelection = ["bronze_instance_table", "bronze_task_table", "+gold_cluster_util_daily_scored", "+silver_users"]
let referenceSeconds = 26.9

let base = Bench.scratchFolder("lake-bench-pipeline")
let root = base + "/project"
try Bench.copyProject(from: repository, to: root)

func row(_ name: String, _ result: (seconds: Double, peakMB: Double, status: Int32), _ note: String = "") {
    Bench.printRow(name, result, note, width: 52, decimals: 1)
}

print("bench/pipeline: \(binary), scale \(scale), \(days) days, codec \(try Bench.lakeCompression(project: root) ?? "DuckLake's default")")
let generated = Bench.measured(binary, ["generate", "--project-dir", root, "--scale", String(scale), "--days", String(days),
                                        "--out", "data_raw", "--machines", repository + "/data_raw/pai_machine_spec.csv"])
row("generate", generated)
guard generated.status == 0 else { exit(1) }

// The reference's raw tables: those of the bronze models its selection reaches.
let listing = Process()
listing.executableURL = URL(fileURLWithPath: binary)
listing.arguments = ["ls", "--project-dir", root, "--select"] + referenceSelection
let pipe = Pipe()
listing.standardOutput = pipe
try listing.run()
let listed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
listing.waitUntilExit()
let referenceModels = Set(listed.split(separator: "\n").map { String($0.prefix { $0 != " " }) })

func floor(_ models: Set<String>?) throws -> ((seconds: Double, peakMB: Double, status: Int32), bytes: Int, tables: Int) {
    let lake = base + "/floor"
    try? FileManager.default.removeItem(atPath: lake)
    try FileManager.default.createDirectory(atPath: lake + "/data", withIntermediateDirectories: true)
    let (sql, bytes, tables) = try Bench.floorScript(project: root, lake: lake, models: models)
    try sql.write(toFile: base + "/floor.sql", atomically: true, encoding: .utf8)
    return (Bench.measured(duckdb, ["-c", ".read \(base)/floor.sql"]), bytes, tables)
}

func lake(_ arguments: [String]) -> (seconds: Double, peakMB: Double, status: Int32) {
    try? FileManager.default.removeItem(atPath: root + "/data_lake")
    return Bench.measured(binary, ["run", "--project-dir", root, "--quiet"] + arguments)
}

let (referenceFloor, referenceBytes, referenceTables) = try floor(referenceModels)
row("floor: read_csv of the reference's \(referenceTables) tables", referenceFloor, String(format: "%.2f GB", Double(referenceBytes) / 1e9))
// Cautious: the tests of what the reference builds (a relationships test from gold_job_usage to
// silver_users tests a table this selection does not build).
let reference = lake(["--select"] + referenceSelection + ["--indirect-selection", "cautious"])
let referenceRatio = reference.seconds / referenceFloor.seconds
// The reference stack was timed at full scale only.
let againstReference = scale == 1 ? String(format: ", %.1f× faster than the reference's %.1f s", referenceSeconds / reference.seconds, referenceSeconds) : ""
row("lake: the reference stack's work", reference,
    String(format: "%.2f× floor (goal ≤ 1.15, peak ≤ 1,536 MB: %@)%@", referenceRatio,
           referenceRatio <= 1.15 && reference.peakMB <= 1_536 ? "met" : "NOT met", againstReference))

let (wholeFloor, wholeBytes, _) = try floor(nil)
row("floor: read_csv of every raw table", wholeFloor, String(format: "%.2f GB", Double(wholeBytes) / 1e9))
let whole = lake([])
let wholeRatio = whole.seconds / wholeFloor.seconds
row("lake: the whole project", whole,
    String(format: "%.2f× floor (goal ≤ 1.3 and ≤ 30 s, peak ≤ 2,048 MB): %@", wholeRatio,
           wholeRatio <= 1.3 && whole.seconds <= 30 && whole.peakMB <= 2_048 ? "met" : "NOT met"))

// Where the whole run's time went: its slowest nodes.
print("  slowest nodes of the whole project (working, not waiting for the writer's turn): " + Bench.slowestNodes(project: root))
