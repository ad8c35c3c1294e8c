@_exported import LakeDuckDB
@_exported import LakeReport
@_exported import LakeForest
@_exported import LakeLakehouse
@_exported import LakeProject
@_exported import LakeRunner
@_exported import LakeTemplates

/// lake's own version, and the DuckDB it runs on.
public enum LakeVersion {
    public static var lake: String { LakeRunnerVersion.string }
    /// The linked library's own report, e.g. "v1.5.6"; the pin lives in scripts/duckdb.version.
    public static var duckDB: String { Database.libraryVersion }
    public static var summary: String { "lake \(lake) (DuckDB \(duckDB))" }
}
