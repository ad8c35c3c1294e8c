import Foundation
import LakeDuckDB

/// A deterministic synthetic Alibaba PAI GPU trace (cluster-trace-gpu-v2020 format): all seven
/// headerless CSV tables, realistic enough to analyse, plus the labels of the anomalous days and
/// the sick machines it injected (anomaly_labels.csv, machine_anomaly_labels.csv). The work
/// happens in DuckDB (seeded hash draws, COPY to CSV), so scale 1.0 (the real trace's row counts)
/// takes minutes.
public struct TraceGenerator {
    public struct Settings: Sendable {
        public var scale: Double = 0.01
        public var seed: Int = 42
        public var days: Int = 60
        /// Where the CSVs go.
        public var output: String
        /// The real machine table (machine,gpu_type,cap_cpu,cap_mem,cap_gpu), which the generated
        /// cluster is sampled from, keeping its mix of GPU types.
        public var machineSpec: String
        /// Each table as hourly drops (`<output>/<table>/hour=<YYYY-MM-DDTHH>/`, a CSV file or more each; see
        /// GeneratorSQL.hourlySelect) instead of one file per table.
        public var hourly = false
        /// Whether files already at the output may be replaced; without it, they are an error.
        public var overwrite = false

        public init(output: String, machineSpec: String) {
            self.output = output
            self.machineSpec = machineSpec
        }
    }

    /// One written table: its file and row count.
    public struct Written: Sendable {
        public let table: String
        public let file: String
        public let rows: Int
    }

    /// The real trace's row counts, which scale 1.0 reproduces.
    public static let fullScaleJobs = 1_055_501
    public static let fullScaleInstances = 7_522_002
    public static let fullScaleMetrics = 2_009_423
    /// Monday 1970-01-05: the trace's times read as Unix time show 1970 dates with true weekdays.
    static let epochStart = 4 * 86_400

    public let settings: Settings

    public init(settings: Settings) { self.settings = settings }

    /// Generates every table; `progress` hears each step's name and DuckDB's percentage.
    public func run(progress: ProgressReporter? = nil) throws -> [Written] {
        guard settings.scale > 0, settings.days >= 7 else { throw GeneratorError("scale must be > 0 and days at least 7") }
        guard FileManager.default.fileExists(atPath: settings.machineSpec) else {
            throw GeneratorError("no machine table at \(settings.machineSpec)")
        }
        // The real machine table the cluster is sampled from is never replaced by the sample (three
        // runs into the project's data_raw/ would shrink 1,897 machines to 39, then 6).
        let keepsMachineTable = !settings.hourly && Self.sameFile(settings.machineSpec, output("pai_machine_spec"))
        let targets = GeneratorSQL.tables.filter { !(keepsMachineTable && $0 == "pai_machine_spec") }.map(output)
            + Self.labelFiles.map { (settings.output as NSString).appendingPathComponent($0.file) }
        let existing = targets.filter { FileManager.default.fileExists(atPath: $0) }
        guard settings.overwrite || existing.isEmpty else {
            throw GeneratorError("\(existing.count) of the files to write already exist (\(existing.prefix(3).joined(separator: ", "))\(existing.count > 3 ? ", …" : "")): "
                + "pass --force to replace them, or --out another folder")
        }
        try FileManager.default.createDirectory(atPath: settings.output, withIntermediateDirectories: true)
        let database = try Database()
        let connection = try database.connect()
        // DuckDB tracks progress only when asked; lake draws the bar itself.
        try connection.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
        let steps = GeneratorSQL(settings: settings)
        var written: [Written] = []
        // The work runs whether or not anyone watches it.
        func step(_ name: String, _ body: () throws -> Void) throws {
            if let progress { try progress.track(name, on: connection, body) } else { try body() }
        }
        for preparation in steps.preparation {
            try step(preparation.name) { _ = try connection.execute(preparation.sql) }
        }
        if settings.hourly { try step("hours of each job") { _ = try connection.execute(GeneratorSQL.jobHours) } }
        for table in GeneratorSQL.tables where !(keepsMachineTable && table == "pai_machine_spec") {
            let file = output(table)
            let quoted = SQLText.literal(file)
            var rows = 0
            try step(settings.hourly ? "writing \(table)/ by hour" : "writing \(table).csv") {
                let copy = settings.hourly
                    ? "COPY (\(steps.hourlySelect(table))) TO \(quoted) (FORMAT csv, HEADER false, PARTITION_BY (hour), OVERWRITE_OR_IGNORE)"
                    : "COPY (\(steps.select(table))) TO \(quoted) (FORMAT csv, HEADER false)"
                rows = try connection.query(copy).scalar(Int.self) ?? 0
            }
            written.append(Written(table: table, file: file, rows: rows))
        }
        for (file, rows) in Self.labelFiles {
            let path = (settings.output as NSString).appendingPathComponent(file)
            _ = try connection.execute("COPY (\(rows)) TO \(SQLText.literal(path)) (FORMAT csv, HEADER true)")
        }
        return written
    }

    /// Where a table goes: `<out>/<table>.csv`, or the folder `<out>/<table>/` of hourly drops.
    private func output(_ table: String) -> String {
        (settings.output as NSString).appendingPathComponent(table + (settings.hourly ? "" : ".csv"))
    }

    /// The labels written beside the trace, and the rows each holds.
    static let labelFiles = [("anomaly_labels.csv", "SELECT dt, kind, detail FROM anomalies ORDER BY dt"),
                             ("machine_anomaly_labels.csv", "SELECT dt, machine, kind, detail FROM machine_labels ORDER BY dt, machine")].map { (file: $0.0, rows: $0.1) }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}

public struct GeneratorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
