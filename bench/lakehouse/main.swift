// bench/lakehouse: what keeping the lake in DuckLake costs. The same generated trace (scale 0.1 by
// default) and the same project, built by a full `lake run` twice: once into the DuckLake the
// shipped lake.yml names (SQLite catalog + Parquet files), once into a plain DuckDB file (lake.yml
// without its `lakehouse:` block). Each is a separate process of the release binary, the two
// alternating; the median of the pairs' ratios is compared against the goal: the DuckLake run takes
// at most 1.2× as long.
//
//   swift build -c release && swift run -c release bench-lakehouse [--scale-permille 100] [--days 60] [--repeats 3]
import BenchSupport
import Foundation

let scale = Double(Bench.option("--scale-permille", 100)) / 1_000
let days = Bench.option("--days", 60)
let repeats = Bench.option("--repeats", 3)
let goal = 1.2
let binary = Bench.lakeBinary(for: "bench/lakehouse")
let repository = Bench.repository(from: #filePath)

let base = Bench.scratchFolder("lake-bench-lakehouse")

/// A project copy; `lakehouse` false drops lake.yml's `lakehouse:` block, so tables go to data_lake/warehouse.duckdb.
func project(_ name: String, lakehouse: Bool) throws -> String {
    let root = base + "/" + name
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    for item in ["lake.yml", "models", "seeds", "sql", "tests"] { try FileManager.default.copyItem(atPath: repository + "/" + item, toPath: root + "/" + item) }
    if !lakehouse {
        let text = try String(contentsOfFile: root + "/lake.yml", encoding: .utf8)
        // The block: its key line and every indented line under it.
        var inBlock = false
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if line.hasPrefix("lakehouse:") { inBlock = true; return false }
            if inBlock, line.hasPrefix(" ") { return false }
            if !line.isEmpty { inBlock = false }
            return true
        }
        try kept.joined(separator: "\n").write(toFile: root + "/lake.yml", atomically: true, encoding: .utf8)
    }
    return root
}

let lake = try project("ducklake", lakehouse: true)
let file = try project("duckdb-file", lakehouse: false)
try FileManager.default.copyItem(atPath: repository + "/data_raw/pai_machine_spec.csv", toPath: base + "/machines.csv")
let generated = Bench.measured(binary, ["generate", "--project-dir", lake, "--scale", String(scale), "--days", String(days),
                                        "--out", "data_raw", "--machines", base + "/machines.csv"])
guard generated.status == 0 else { print("bench/lakehouse: lake generate failed (exit \(generated.status))"); exit(1) }
try FileManager.default.copyItem(atPath: lake + "/data_raw", toPath: file + "/data_raw")

print("bench/lakehouse: \(binary), scale \(scale), \(days) days, full `lake run --full-refresh` × \(repeats) each, alternating (medians)")
// The two runs of a repeat go back to back, so both meet the machine in the same state; the ratio
// is taken per pair, and its median reported.
let variants = [("DuckDB file", file), ("DuckLake (SQLite catalog)", lake)]
var times: [String: [Double]] = [:], peaks: [String: Double] = [:], ratios: [Double] = []
for _ in 0..<repeats {
    var pair: [Double] = []
    for (name, root) in variants {
        let run = Bench.measured(binary, ["run", "--project-dir", root, "--full-refresh", "--quiet"])
        guard run.status == 0 else { print("  \(name): lake run failed (exit \(run.status))"); exit(1) }
        times[name, default: []].append(run.seconds)
        peaks[name] = max(peaks[name] ?? 0, run.peakMB)
        pair.append(run.seconds)
    }
    ratios.append(pair[1] / pair[0])
}
for (name, _) in variants {
    let runs = times[name] ?? []
    print("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0)
          + String(format: "%7.2f s   (runs: %@)   peak %5.0f MB", Bench.median(runs), runs.map { String(format: "%.2f", $0) }.joined(separator: ", "), peaks[name] ?? 0))
}
let ratio = Bench.median(ratios)
print(String(format: "  DuckLake ÷ DuckDB file: %.2f (median of the pairs: %@)   goal ≤ %.1f: %@", ratio,
             ratios.map { String(format: "%.2f", $0) }.joined(separator: ", "), goal, ratio <= goal ? "met" : "NOT met"))
