import LakeCommandLine
import LakeKit

/// `lake`: the root of the command tree.
struct LakeCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "lake",
            abstract: "A SQL-first lakehouse for GPU-fleet telemetry, on DuckDB.",
            discussion: "Models are Jinja-templated SQL under models/; the warehouse is one DuckDB file "
                + "(default data_lake/warehouse.duckdb) that the duckdb CLI opens too.",
            version: LakeVersion.summary,
            subcommands: [RunCommand.self, TestCommand.self, SeedCommand.self, CompileCommand.self, ListCommand.self,
                          QueryCommand.self, GenerateCommand.self, MachineLearningCommand.self, ReportCommand.self, DocsCommand.self])
    }
}
