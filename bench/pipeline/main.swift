// bench/pipeline: the lakehouse at full size. `lake generate --scale 1.0` (the real trace's row
// counts), then `lake run` stage by stage (bronze, silver, gold, then the tests), each a separate
// process of the release binary, with its wall time and peak memory.
//
//   swift build -c release && swift run -c release bench-pipeline [--scale-permille 1000] [--days 60]
import BenchSupport
import Foundation

let scale = Double(Bench.option("--scale-permille", 1_000)) / 1_000
let days = Bench.option("--days", 60)
let binary = Bench.lakeBinary(for: "bench/pipeline")
let repository = Bench.repository(from: #filePath)

let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-bench-pipeline-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: root) }
try FileManager.default.createDirectory(atPath: root + "/data_raw", withIntermediateDirectories: true)
for item in ["lake.yml", "models", "sql", "tests"] { try FileManager.default.copyItem(atPath: repository + "/" + item, toPath: root + "/" + item) }
try FileManager.default.copyItem(atPath: repository + "/data_raw/pai_machine_spec.csv", toPath: root + "/machines.csv")

func measured(_ arguments: [String]) -> (seconds: Double, peakMB: Double, status: Int32) { Bench.measured(binary, arguments) }

let stages: [(String, [String])] = [
    ("generate (scale \(scale), \(days) days)", ["generate", "--project-dir", root, "--scale", String(scale), "--days", String(days),
                                              "--out", "data_raw", "--machines", "machines.csv"]),
    ("bronze: ingest the raw CSVs", ["run", "--project-dir", root, "--select", "tag:bronze", "--quiet"]),
    ("silver", ["run", "--project-dir", root, "--select", "tag:silver", "--quiet"]),
    ("gold", ["run", "--project-dir", root, "--select", "tag:gold", "--quiet"]),
    ("tests", ["test", "--project-dir", root, "--quiet"]),
]
print("bench/pipeline: \(binary)")
var total = 0.0
for (name, arguments) in stages {
    let result = measured(arguments)
    total += result.seconds
    print("  " + name.padding(toLength: 36, withPad: " ", startingAt: 0)
          + String(format: "%8.1f s   peak %7.0f MB", result.seconds, result.peakMB) + (result.status == 0 ? "" : "   (exit \(result.status))"))
}
let raw = (try? FileManager.default.contentsOfDirectory(atPath: root + "/data_raw"))?.reduce(0) { sum, file in
    sum + ((try? FileManager.default.attributesOfItem(atPath: root + "/data_raw/" + file)[.size] as? Int) ?? 0)
} ?? 0
print("  " + "total".padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%8.1f s   (raw trace: %.2f GB)", total, Double(raw) / 1e9))
