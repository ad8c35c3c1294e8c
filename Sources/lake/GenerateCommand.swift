import Foundation
import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake generate`: a deterministic synthetic trace in the Alibaba PAI GPU format.
struct GenerateCommand: ParsableCommand {
    static let scale = DefaultedOption<Double>("scale", valueName: "s", help: "Size relative to the real trace (1.0: 1,055,501 jobs, 7,522,002 instances).", default: 0.01)
    static let seed = DefaultedOption<Int>("seed", valueName: "n", help: "The seed; the same seed gives the same trace.", default: 42)
    static let days = DefaultedOption<Int>("days", valueName: "d", help: "Days the trace spans (at least 7).", default: 60)
    static let force = Flag("force", help: "Replace trace and label files already in the output folder (never the machine table it samples from).")
    static let out = DefaultedOption<String>("out", valueName: "dir", help: "Where the CSV files go.", default: "data_raw")
    static let hourly = Flag("hourly", help: "Write each table as hourly drops (<table>/hour=1970-01-05T13/, a file or more each), as a collector lands them.")
    static let machines = Option<String>("machines", valueName: "csv",
                                         help: "The real machine table to sample the cluster from (default: data_raw/pai_machine_spec.csv).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "generate", abstract: "Write a synthetic GPU cluster trace (all seven tables) and its anomaly labels.",
                             discussion: "The machine mix comes from the real machine table (Alibaba Cluster Trace Program, "
                                + "cluster-trace-gpu-v2020, CC BY 4.0).",
                             arguments: ProjectOptions.definitions + [scale.definition, seed.definition, days.definition, out.definition, hourly.definition, force.definition, machines.definition])
    }

    let settings: TraceGenerator.Settings

    init(parsed: ParsedArguments) throws {
        let project = try ProjectOptions.location(parsed)
        let output = project.path(try parsed.value(Self.out))
        let machines = try parsed.value(Self.machines).map(project.path) ?? project.path("data_raw/pai_machine_spec.csv")
        var settings = TraceGenerator.Settings(output: output, machineSpec: machines)
        settings.scale = try parsed.value(Self.scale)
        settings.seed = try parsed.value(Self.seed)
        settings.days = try parsed.value(Self.days)
        settings.hourly = parsed.isSet(Self.hourly)
        settings.overwrite = parsed.isSet(Self.force)
        self.settings = settings
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: settings.machineSpec) else {
            throw GeneratorError("no machine table at \(settings.machineSpec): the generated cluster is sampled from the real one "
                + "(machine,gpu_type,cap_cpu,cap_mem,cap_gpu; the shipped project has it in data_raw/pai_machine_spec.csv); "
                + "name one with --machines <csv>")
        }
        let started = Date()
        let written = try TraceGenerator(settings: settings).run(progress: ProgressReporter())
        if !written.contains(where: { $0.table == "pai_machine_spec" }) {
            print("  pai_machine_spec     kept: the real machine table the cluster was sampled from")
        }
        for table in written { print("  \(table.table.padding(toLength: 20, withPad: " ", startingAt: 0)) \(table.rows) rows") }
        print(String(format: "Wrote %d tables to %@ in %.1f s.", written.count, settings.output, Date().timeIntervalSince(started)))
    }
}
