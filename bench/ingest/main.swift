// bench/ingest: what ingestion costs beside DuckDB's own CSV read. The same generated trace (scale
// 0.1 by default), into a new lake each time:
//   - the floor: one `duckdb` session creating each raw table in a DuckLake (SQLite catalog and
//     Parquet codec as the shipped lake.yml) straight from `read_csv` with the bronze models' columns
//     — no checks, no log;
//   - lake: `lake run --select tag:bronze`, which names every file by its content, checks every line,
//     writes the typed rows, the ingestion log and the rejects, and runs the bronze tests.
// With LAKE_BASELINE=/path/to/an/older/lake the same lake run of that binary is timed beside it, on
// the project files of the checkout it was built in (…/.build/release/lake), so a change to
// ingestion shows whether it got slower. Runs alternate; medians are reported.
//
//   swift build -c release && swift run -c release bench-ingest [--scale-permille 100] [--days 60] [--repeats 3]
import BenchSupport
import Foundation

let scale = Double(Bench.option("--scale-permille", 100)) / 1_000
let days = Bench.option("--days", 60)
let repeats = Bench.option("--repeats", 3)
let goal = 1.2
let binary = Bench.lakeBinary(for: "bench/ingest")
let repository = Bench.repository(from: #filePath)
let duckdb = Bench.duckdbCLI(for: "bench/ingest")
let baseline = ProcessInfo.processInfo.environment["LAKE_BASELINE"]

let base = Bench.scratchFolder("lake-bench-ingest")
let root = base + "/project"
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
for item in ["lake.yml", "models", "seeds", "sql", "tests"] { try FileManager.default.copyItem(atPath: repository + "/" + item, toPath: root + "/" + item) }
let generated = Bench.measured(binary, ["generate", "--project-dir", root, "--scale", String(scale), "--days", String(days),
                                        "--out", "data_raw", "--machines", repository + "/data_raw/pai_machine_spec.csv"])
guard generated.status == 0 else { print("bench/ingest: lake generate failed (exit \(generated.status))"); exit(1) }

// The floor's statements: each bronze model's raw table and columns, read from the model files.
let (floorSQL, bytes, _) = try Bench.floorScript(project: root, lake: base + "/floor")
try floorSQL.write(toFile: base + "/floor.sql", atomically: true, encoding: .utf8)

print(String(format: "bench/ingest: %@, scale %.2f (%.0f MB of raw CSV in 7 files), %d repeats, alternating (medians)", binary, scale,
             Double(bytes) / 1e6, repeats))
var variants: [(String, () -> (seconds: Double, peakMB: Double, status: Int32))] = [
    ("DuckDB floor: read_csv into DuckLake", {
        try? FileManager.default.removeItem(atPath: base + "/floor")
        try? FileManager.default.createDirectory(atPath: base + "/floor/data", withIntermediateDirectories: true)
        return Bench.measured(duckdb, ["-c", ".read \(base)/floor.sql"])
    }),
    ("lake: bronze, checked and logged", {
        try? FileManager.default.removeItem(atPath: root + "/data_lake")
        return Bench.measured(binary, ["run", "--project-dir", root, "--select", "tag:bronze", "--quiet"])
    }),
]
if let baseline {
    // The older binary runs its own checkout's models and macros, on the same raw files.
    let checkout = URL(fileURLWithPath: baseline).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("../../..").standardized.path
    let older = base + "/baseline"
    try FileManager.default.createDirectory(atPath: older, withIntermediateDirectories: true)
    for item in ["lake.yml", "models", "seeds", "sql", "tests"] { try FileManager.default.copyItem(atPath: checkout + "/" + item, toPath: older + "/" + item) }
    try FileManager.default.createSymbolicLink(atPath: older + "/data_raw", withDestinationPath: root + "/data_raw")
    variants.append(("baseline: \((baseline as NSString).lastPathComponent) (LAKE_BASELINE)", {
        try? FileManager.default.removeItem(atPath: older + "/data_lake")
        return Bench.measured(baseline, ["run", "--project-dir", older, "--select", "tag:bronze", "--quiet"])
    }))
}
var times: [String: [Double]] = [:], peaks: [String: Double] = [:]
for _ in 0..<repeats {
    for (name, run) in variants {
        let result = run()
        guard result.status == 0 else { print("  \(name): failed (exit \(result.status))"); exit(1) }
        times[name, default: []].append(result.seconds)
        peaks[name] = max(peaks[name] ?? 0, result.peakMB)
    }
}
for (name, _) in variants {
    let runs = times[name] ?? []
    print("  " + name.padding(toLength: 40, withPad: " ", startingAt: 0)
          + String(format: "%7.2f s   (runs: %@)   peak %5.0f MB", Bench.median(runs), runs.map { String(format: "%.2f", $0) }.joined(separator: ", "), peaks[name] ?? 0))
}
let floor = Bench.median(times[variants[0].0] ?? [1]), ours = Bench.median(times[variants[1].0] ?? [0])
print(String(format: "  lake ÷ floor: %.2f   goal ≤ %.1f (issue 12, at full scale): %@", ours / floor, goal, ours / floor <= goal ? "met" : "NOT met"))
if let baseline = variants.count > 2 ? Bench.median(times[variants[2].0] ?? [0]) : nil {
    print(String(format: "  lake ÷ baseline: %.2f (%@)", ours / baseline, ours <= baseline * 1.05 ? "not slower" : "SLOWER"))
}
