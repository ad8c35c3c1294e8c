// swift-tools-version:6.0
// lake: a SQL-first lakehouse for GPU-fleet telemetry, on DuckDB.
//
// The targets follow the data flow, and the compiler keeps the dependencies pointing one way:
//   CDuckDB → LakeDuckDB (the safe Swift layer over DuckDB's C API; knows no stage)
//   … the stages (templates, project + graph, runner, lakehouse, forest, report) …
//   → LakeKit (the library as a whole) → lake (the executable: parses arguments, calls LakeKit)
// LakeCommandLine is the hand-written argument parser; it knows nothing of lake.
// No Swift package dependencies: C libraries come in as system libraries (scripts/bootstrap).
import PackageDescription

let package = Package(
    name: "lake",
    products: [
        .executable(name: "lake", targets: ["lake"]),
        .library(name: "LakeKit", targets: ["LakeKit"]),
    ],
    targets: [
        .systemLibrary(name: "CDuckDB", path: "Sources/CDuckDB", pkgConfig: "duckdb"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1"),
        .systemLibrary(name: "CArchive", path: "Sources/CArchive", pkgConfig: "libarchive"),
        .systemLibrary(name: "CXXHash", path: "Sources/CXXHash", pkgConfig: "libxxhash"),

        .target(name: "LakeDuckDB", dependencies: ["CDuckDB"]),
        // What every message shares: "did you mean …?" and file:line:col with the line and a caret.
        .target(name: "TextSupport"),
        .target(name: "LakeYAML", dependencies: ["CYAML", "TextSupport"]),
        .target(name: "LakeTemplates", dependencies: ["TextSupport"]),
        .target(name: "LakeProject", dependencies: ["LakeDuckDB", "LakeTemplates", "LakeYAML", "TextSupport"]),
        // Raw files in: listed, named by content, checked line by line, staged for DuckDB's read_csv.
        // Optimised in debug builds too: it touches every byte of every raw file, and the tests read many.
        .target(name: "LakeIngest", dependencies: ["LakeDuckDB", "CArchive", "CXXHash", "TextSupport"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "LakeRunner", dependencies: ["LakeDuckDB", "LakeIngest", "LakeProject", "LakeTemplates", "TextSupport"]),
        .target(name: "LakeForest", dependencies: ["TextSupport"]),
        .target(name: "LakeLakehouse", dependencies: ["LakeDuckDB", "LakeIngest", "LakeRunner", "LakeProject", "LakeTemplates", "LakeForest", "TextSupport"]),
        .target(name: "LakeReport", dependencies: ["LakeDuckDB", "LakeProject", "LakeRunner", "TextSupport"]),
        .target(name: "LakeCommandLine", dependencies: ["TextSupport"]),
        .target(name: "LakeKit", dependencies: ["LakeDuckDB", "LakeTemplates", "LakeYAML", "LakeProject", "LakeRunner", "LakeLakehouse", "LakeForest", "LakeReport"]),
        // The executable names every module it uses, not only LakeKit (which re-exports them): an
        // import through @_exported alone left `lake` unrebuilt when a library's interface changed.
        .executableTarget(name: "lake", dependencies: ["LakeKit", "LakeCommandLine", "LakeDuckDB", "LakeTemplates", "LakeProject",
                                                       "LakeRunner", "LakeLakehouse", "LakeForest", "LakeReport"]),

        // Benchmarks print their figures; run them with `make bench`.
        .target(name: "BenchSupport", path: "bench/support"),
        .executableTarget(name: "bench-templates", dependencies: ["BenchSupport", "LakeProject", "LakeTemplates"], path: "bench/templates"),
        .executableTarget(name: "bench-runner", dependencies: ["BenchSupport", "LakeDuckDB"], path: "bench/runner"),
        .executableTarget(name: "bench-pipeline", dependencies: ["BenchSupport"], path: "bench/pipeline"),
        .executableTarget(name: "bench-lakehouse", dependencies: ["BenchSupport"], path: "bench/lakehouse"),
        .executableTarget(name: "bench-ingest", dependencies: ["BenchSupport"], path: "bench/ingest"),
        .executableTarget(name: "bench-hourly", dependencies: ["BenchSupport"], path: "bench/hourly"),
        .executableTarget(name: "bench-machines", dependencies: ["BenchSupport"], path: "bench/machines"),
        .executableTarget(name: "bench-iforest", dependencies: ["BenchSupport", "LakeForest"], path: "bench/iforest"),

        .testTarget(name: "TextSupportTests", dependencies: ["TextSupport"]),
        .testTarget(name: "LakeYAMLTests", dependencies: ["LakeYAML"]),
        .testTarget(name: "LakeDuckDBTests", dependencies: ["LakeDuckDB"]),
        .testTarget(name: "LakeTemplatesTests", dependencies: ["LakeTemplates"]),
        .testTarget(name: "LakeIngestTests", dependencies: ["LakeIngest", "LakeDuckDB"]),
        .testTarget(name: "LakeProjectTests", dependencies: ["LakeProject", "LakeTemplates"]),
        .testTarget(name: "LakeRunnerTests", dependencies: ["LakeRunner", "LakeProject", "LakeDuckDB"], exclude: ["Fixtures"]),
        .testTarget(name: "LakeLakehouseTests", dependencies: ["LakeLakehouse", "LakeRunner", "LakeProject", "LakeIngest", "LakeDuckDB", "LakeForest", "LakeKit"]),
        .testTarget(name: "LakeForestTests", dependencies: ["LakeForest"]),
        .testTarget(name: "LakeReportTests", dependencies: ["LakeReport", "LakeLakehouse", "LakeRunner", "LakeProject", "LakeDuckDB"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "LakeCommandLineTests", dependencies: ["LakeCommandLine", "TextSupport"]),
        // Depends on the executable so `swift test` builds the binary these tests run.
        .testTarget(name: "lakeTests", dependencies: ["LakeKit", "lake"]),
    ]
)
