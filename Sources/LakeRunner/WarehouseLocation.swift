import Foundation
import LakeProject

/// Where a project's tables live, resolved against the project folder: a DuckDB file, or a DuckLake
/// catalog and data path. Plain data: opening it is `Warehouse.open`.
public struct WarehouseLocation: Sendable {
    /// The project folder, absolute.
    public let root: String
    /// The DuckDB file (used when there is no lakehouse), absolute.
    public let file: String
    public let lakehouse: LakehouseSettings?
    public let attachments: [DatabaseAttachment]
    /// DuckDB options every connection sets (a dbt-duckdb profile's `settings:`).
    public let connectionSettings: [(String, String)]
    /// Extensions every connection loads (a profile's `extensions:`), from the installed files only.
    public let extensions: [String]

    /// Where relative paths of the settings resolve: the project folder, or for a dbt profile the
    /// directory dbt would run in (`ProjectSettings.profilePathBase`).
    public let relativeBase: String

    public init(settings: ProjectSettings, root: String) {
        self.root = root
        relativeBase = settings.profilePathBase ?? root
        file = settings.warehouse.hasPrefix("/") || settings.warehouse == ":memory:" ? settings.warehouse
            : (relativeBase as NSString).appendingPathComponent(settings.warehouse)
        lakehouse = settings.lakehouse
        attachments = settings.attachments
        connectionSettings = settings.duckdbSettings
        extensions = settings.extensions
    }

    public init(project: Project) { self.init(settings: project.settings, root: project.root) }

    /// `relative` resolved where the settings' paths resolve (absolute paths are kept).
    public func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (relativeBase as NSString).appendingPathComponent(relative)
    }

    /// DuckDB's `file_search_path` for the SQL's relative file paths: where the settings' paths
    /// resolve, then the project folder. (Listed, not left to DuckDB's fallback to the process's
    /// working directory, which does not apply to globs.)
    public var fileSearchPath: String {
        relativeBase == root ? root : relativeBase + "," + root
    }

    /// Whether there is anything to read yet.
    public var exists: Bool {
        guard let lakehouse else { return FileManager.default.fileExists(atPath: file) }
        guard let catalogFile = lakehouse.catalog.file else { return true }
        return FileManager.default.fileExists(atPath: path(catalogFile))
    }

    /// The data path as DuckLake takes it: absolute, with a trailing slash; URLs as written.
    public var dataPath: String {
        guard let lakehouse else { return "" }
        if dataPathIsURL { return lakehouse.dataPath }
        let absolute = path(lakehouse.dataPath)
        return absolute.hasSuffix("/") ? absolute : absolute + "/"
    }

    public var dataPathIsURL: Bool { lakehouse?.dataPath.contains("://") ?? false }

    /// The catalog part of `ducklake:<catalog>`, file paths absolute.
    public var catalogAttachPath: String { lakehouse?.catalog.attachPath(resolve: path) ?? "" }

    /// The catalog for messages: a file path, or a PostgreSQL connection string without its password.
    public var catalogDisplayName: String {
        guard let lakehouse else { return file }
        if case .postgres(let connection) = lakehouse.catalog {
            return "postgres:" + connection.replacingOccurrences(of: #"password\s*=\s*\S+"#, with: "password=…", options: .regularExpression)
        }
        return catalogAttachPath
    }

    /// Options for the catalog database. A SQLite catalog runs in write-ahead-log mode: in SQLite's
    /// default rollback-journal mode a reader's shared lock blocks a writer's commit, so a long query
    /// (another worker, `lake query`, a duckdb CLI) would make a run's commit fail with "database is
    /// locked"; in WAL mode readers and the one writer never block each other. The mode is stored in
    /// the file, so later openers (the duckdb CLI too) use it; whoever writes first sets it.
    func catalogOptions(write: Bool) -> [String] {
        guard case .sqlite = lakehouse?.catalog else { return [] }
        return (write ? ["META_JOURNAL_MODE 'WAL'"] : []) + ["META_BUSY_TIMEOUT \(Self.catalogBusyTimeoutMilliseconds)"]
    }

    /// How long a commit waits for another process's commit to the same SQLite catalog.
    static let catalogBusyTimeoutMilliseconds = 30_000

    /// The ATTACH statement lake runs for `lakehouse`, read-only or not, at a point of its history or its latest.
    func attachSQL(_ lakehouse: LakehouseSettings, readOnly: Bool, at travel: TimeTravel? = nil) -> String {
        var options = ["DATA_PATH \(Relation.literal(dataPath))", "OVERRIDE_DATA_PATH true"] + catalogOptions(write: !readOnly)
        if readOnly { options.append("READ_ONLY") }
        switch travel {
        case .snapshot(let version)?: options.append("SNAPSHOT_VERSION \(version)")
        case .time(let time)?: options.append("SNAPSHOT_TIME \(Relation.literal(time))")
        case nil: break
        }
        return "ATTACH \(Relation.literal("ducklake:" + catalogAttachPath)) AS \(Relation.quote(lakehouse.alias)) (\(options.joined(separator: ", ")))"
    }

    /// The SQL that attaches this lake in a plain `duckdb` session (`lake sql`, the README).
    public func attachStatement(readOnly: Bool) -> String? {
        guard let lakehouse else { return nil }
        return attachSQL(lakehouse, readOnly: readOnly) + "; USE \(Relation.quote(lakehouse.alias));"
    }
}
