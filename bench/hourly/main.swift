// bench/hourly: one new hour of raw files landing beside a full-size lake. `lake generate --hourly`
// writes the trace as hourly drops; every hour but the last few is landed and built (the initial
// build), then each remaining hour is landed and `lake run` times the refresh: ingestion, the
// incremental silver and gold models, every test and the forest. Beside each, DuckDB's floor for
// the same hour: one `duckdb` session loading just that hour's files into a new DuckLake.
// Goal (issue 12): an hourly run in ≤ 3 s end to end at scale 1.0.
//
//   swift build -c release && swift run -c release bench-hourly [--scale-permille 1000] [--days 60] [--hours 3]
import BenchSupport
import Foundation

let scale = Double(Bench.option("--scale-permille", 1_000)) / 1_000
let days = Bench.option("--days", 60)
let newHours = Bench.option("--hours", 3)
let binary = Bench.lakeBinary(for: "bench/hourly")
let duckdb = Bench.duckdbCLI(for: "bench/hourly")
let repository = Bench.repository(from: #filePath)
let goalSeconds = 3.0

let base = Bench.scratchFolder("lake-bench-hourly")
let root = base + "/project", drops = base + "/drops"
try Bench.copyProject(from: repository, to: root)

func row(_ name: String, _ result: (seconds: Double, peakMB: Double, status: Int32), _ note: String = "") {
    Bench.printRow(name, result, note, width: 44, decimals: 2)
}

print("bench/hourly: \(binary), scale \(scale), \(days) days, \(newHours) new hours")
let generated = Bench.measured(binary, ["generate", "--project-dir", root, "--scale", String(scale), "--days", String(days), "--hourly",
                                        "--out", drops, "--machines", repository + "/data_raw/pai_machine_spec.csv"])
row("generate --hourly", generated)
guard generated.status == 0 else { exit(1) }

let manager = FileManager.default
let tables = try manager.contentsOfDirectory(atPath: drops).filter { $0.hasPrefix("pai_") }.sorted()
let hours = Set(tables.flatMap { (try? manager.contentsOfDirectory(atPath: drops + "/" + $0)) ?? [] }).filter { $0.hasPrefix("hour=") }.sorted()
guard hours.count > newHours else { print("bench/hourly: only \(hours.count) hours"); exit(1) }

/// The hour's files of every table, moved into the project's data_raw/.
func land(_ hour: String) throws -> [String: [String]] {
    var landed: [String: [String]] = [:]
    for table in tables where manager.fileExists(atPath: "\(drops)/\(table)/\(hour)") {
        let target = "\(root)/data_raw/\(table)/\(hour)"
        try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
        for file in try manager.contentsOfDirectory(atPath: "\(drops)/\(table)/\(hour)") {
            try manager.moveItem(atPath: "\(drops)/\(table)/\(hour)/\(file)", toPath: "\(target)/\(file)")
            landed[table, default: []].append("\(target)/\(file)")
        }
    }
    return landed
}

for hour in hours.dropLast(newHours) { _ = try land(hour) }
row("initial build (\(hours.count - newHours) hours)", Bench.measured(binary, ["run", "--project-dir", root, "--quiet"]))

var runs: [Double] = []
for hour in hours.suffix(newHours) {
    let landed = try land(hour)
    let lake = base + "/floor"
    try? manager.removeItem(atPath: lake)
    try manager.createDirectory(atPath: lake + "/data", withIntermediateDirectories: true)
    let (sql, bytes, _) = try Bench.floorScript(project: root, lake: lake) { landed[$0] ?? [] }
    try sql.write(toFile: base + "/floor.sql", atomically: true, encoding: .utf8)
    let floor = Bench.measured(duckdb, ["-c", ".read \(base)/floor.sql"])
    let run = Bench.measured(binary, ["run", "--project-dir", root, "--quiet"])
    runs.append(run.seconds)
    row("lake run, \(hour)", run, String(format: "floor %.2f s (read_csv of the hour's %.1f MB)", floor.seconds, Double(bytes) / 1e6))
}
let median = Bench.median(runs)
print(String(format: "  hourly run, median of %d: %.2f s (goal ≤ %.0f s: %@)", runs.count, median, goalSeconds, median <= goalSeconds ? "met" : "NOT met"))
print("  slowest nodes of the last hourly run: " + Bench.slowestNodes(project: root))
