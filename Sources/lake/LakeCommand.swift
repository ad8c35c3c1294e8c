import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake`: the root of the command tree.
struct LakeCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "lake",
            abstract: "A SQL-first lakehouse for GPU-fleet telemetry, on DuckDB.",
            discussion: "Models are Jinja-templated SQL under models/. A project with `lakehouse:` in lake.yml keeps its "
                + "tables in a DuckLake (a catalog plus Parquet files, a snapshot per commit, readers never blocked); "
                + "otherwise the warehouse is one DuckDB file (default data_lake/warehouse.duckdb). The duckdb CLI opens both (`lake sql`).",
            version: LakeVersion.summary,
            subcommands: [RunCommand.self, IngestCommand.self, TestCommand.self, SeedCommand.self, SnapshotCommand.self, CompileCommand.self, ListCommand.self, RunOperationCommand.self,
                          QueryCommand.self, SQLCommand.self, HistoryCommand.self, AlertsCommand.self, MaintainCommand.self, DepsCommand.self, GenerateCommand.self, MachineLearningCommand.self, ReportCommand.self, DocsCommand.self, DoctorCommand.self])
    }
}
