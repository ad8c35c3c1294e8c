// bench/machines: the machine detector (lake.yml's machine_day) against the sick machines the
// generator injected. For each seed: a generated trace (`lake generate`), a full `lake run`, then
// gold_machine_day_scored's flags beside machine_anomaly_labels.csv, one row per machine and day:
// precision and recall, per seed and pooled, beside the floor the test holds
// (Tests/LakeLakehouseTests/MachineDetectorTests.swift) and the issue's aim of 0.9 and 0.9.
//
//   swift build -c release && swift run -c release bench-machines [--scale-permille 1] [--days 60] [--seeds 5]
import BenchSupport
import Foundation

let scale = Double(Bench.option("--scale-permille", 1)) / 1_000
let days = Bench.option("--days", 60)
let seeds = Bench.option("--seeds", 5)
let binary = Bench.lakeBinary(for: "bench/machines")
let repository = Bench.repository(from: #filePath)
let aim = (precision: 0.9, recall: 0.9)

print("bench/machines: scale \(scale), \(days) days, seeds 1–\(seeds)")
print("  seed   machine-days  labelled  flagged  true+  false+  false-  precision  recall   run")
var pooled = (tp: 0, fp: 0, fn: 0)
for seed in 1...seeds {
    let root = Bench.scratchFolder("lake-bench-machines-\(seed)")
    try Bench.copyProject(from: repository, to: root)
    let generated = Bench.measured(binary, ["generate", "--project-dir", root, "--scale", String(scale), "--days", String(days),
                                            "--seed", String(seed), "--out", root + "/data_raw",
                                            "--machines", repository + "/data_raw/pai_machine_spec.csv"])
    guard generated.status == 0 else { print("bench/machines: lake generate failed (seed \(seed))"); exit(1) }
    let run = Bench.measured(binary, ["run", "--project-dir", root, "--quiet"])
    guard run.status == 0 else { print("bench/machines: lake run failed (seed \(seed)); run it in \(root) to see why"); exit(1) }
    let counts = try Bench.output(binary, ["query", "--project-dir", root, "--format", "csv", """
        WITH labels AS (SELECT DISTINCT machine, dt FROM read_csv('\(root)/data_raw/machine_anomaly_labels.csv'))
        SELECT count(*), (SELECT count(*) FROM labels), count(*) FILTER (WHERE anomaly_flag = 1),
               count(*) FILTER (WHERE anomaly_flag = 1 AND l.machine IS NOT NULL),
               count(*) FILTER (WHERE anomaly_flag = 1 AND l.machine IS NULL),
               (SELECT count(*) FROM labels) - count(*) FILTER (WHERE anomaly_flag = 1 AND l.machine IS NOT NULL)
        FROM gold_machine_day_scored s LEFT JOIN labels l ON l.machine = s.machine_id AND l.dt = s.dt
        """]).split(separator: "\n").last!.split(separator: ",").map { Int($0)! }
    let (tp, fp, fn) = (counts[3], counts[4], counts[5])
    pooled = (pooled.tp + tp, pooled.fp + fp, pooled.fn + fn)
    print(String(format: "  %4d   %12d  %8d  %7d  %5d  %6d  %6d  %9.3f  %6.3f  %4.1f s", seed, counts[0], counts[1], counts[2], tp, fp, fn,
                 Double(tp) / Double(max(1, tp + fp)), Double(tp) / Double(max(1, tp + fn)), run.seconds))
}
let precision = Double(pooled.tp) / Double(max(1, pooled.tp + pooled.fp)), recall = Double(pooled.tp) / Double(max(1, pooled.tp + pooled.fn))
print(String(format: "  pooled: precision %.3f, recall %.3f   (aim: ≥ %.2f and ≥ %.2f)  %@", precision, recall, aim.precision, aim.recall,
             precision >= aim.precision && recall >= aim.recall ? "met" : "NOT met"))
