import TextSupport
import LakeYAML

/// Where a lakehouse project keeps its tables: a DuckLake (a catalog database plus Parquet data
/// files), named by `lakehouse:` in lake.yml or by a dbt-duckdb profile that attaches a `ducklake:`
/// database and makes it the target's `database:`.
///
/// ```yaml
/// lakehouse:
///   catalog: sqlite:data_lake/catalog.sqlite     # or postgres:<libpq string>, duckdb:<path>
///   data_path: data_lake/data/                   # or s3://bucket/prefix/ with httpfs
///   retention: 7 days                            # what `lake maintain` keeps for time travel
///   compression: uncompressed                    # the Parquet codec of the files lake writes
/// ```
public struct LakehouseSettings: Sendable, Equatable {
    public enum Catalog: Sendable, Equatable {
        /// A SQLite file: embedded, no server, several processes may read while one writes.
        case sqlite(path: String)
        /// A PostgreSQL database (a libpq connection string): a team's lake, written from many machines.
        case postgres(connection: String)
        /// A DuckDB file: one process at a time.
        case duckdb(path: String)

        /// The catalog's half of DuckLake's `ducklake:<catalog>` attach path, with file paths made
        /// absolute from `resolve`.
        public func attachPath(resolve: (String) -> String) -> String {
            switch self {
            case .sqlite(let path): "sqlite:" + resolve(path)
            case .postgres(let connection): "postgres:" + connection
            case .duckdb(let path): resolve(path)
            }
        }

        /// The catalog file, for the catalogs that are one.
        public var file: String? {
            switch self {
            case .sqlite(let path), .duckdb(let path): path
            case .postgres: nil
            }
        }

        /// Parses `sqlite:<path>`, `postgres:<connection string>` or `duckdb:<path>`.
        public init?(_ text: String) {
            if text.hasPrefix("sqlite:") { self = .sqlite(path: String(text.dropFirst("sqlite:".count))) }
            else if text.hasPrefix("postgres:") { self = .postgres(connection: String(text.dropFirst("postgres:".count))) }
            else if text.hasPrefix("duckdb:") { self = .duckdb(path: String(text.dropFirst("duckdb:".count))) }
            else { return nil }
            if case .sqlite(let path) = self, path.isEmpty { return nil }
            if case .duckdb(let path) = self, path.isEmpty { return nil }
        }
    }

    public static let defaultDataPath = "data_lake/data/"
    public static let defaultRetention = "7 days"

    public var catalog: Catalog
    /// Where the Parquet files go: a folder of the project, an absolute path, or an object-store URL.
    public var dataPath: String
    /// How long `lake maintain` keeps snapshots (a DuckDB interval, e.g. "7 days", "12 hours").
    public var retention: String
    /// The Parquet codec of the data files written from now on (DuckLake's `parquet_compression`);
    /// nil leaves the lake's own (snappy unless someone set another).
    public var compression: String?
    /// The name the lake is attached under; models live in its `main` schema.
    public var alias: String

    public init(catalog: Catalog, dataPath: String = defaultDataPath, retention: String = defaultRetention, alias: String = "lake") {
        self.catalog = catalog
        self.dataPath = dataPath
        self.retention = retention
        self.alias = alias
    }

    static let keys = ["catalog", "data_path", "retention", "compression"]
    /// The codecs DuckDB's Parquet writer has.
    public static let codecs = ["uncompressed", "snappy", "lz4", "lz4_raw", "zstd", "gzip", "brotli"]

    /// The database DuckLake attaches its catalog as (its tables: ducklake_table, ducklake_data_file, …).
    public var metadataCatalog: String { "__ducklake_metadata_" + alias }

    /// What is wrong with a retention, or nil when it is a number and a unit DuckDB's INTERVAL reads.
    public static func retentionProblem(_ text: String) -> String? {
        text.range(of: #"^\s*\d+\s*(second|minute|hour|day|week|month|year)s?\s*$"#, options: .regularExpression) != nil ? nil
            : "retention '\(text)': write a number and a unit, e.g. '7 days' or '12 hours'"
    }

    /// The `lakehouse:` block of lake.yml; errors point at the offending line.
    static func parse(_ node: YAMLNode, in document: YAMLDocument) throws -> LakehouseSettings {
        var catalog: Catalog?
        var settings = LakehouseSettings(catalog: .sqlite(path: "data_lake/catalog.sqlite"))
        for (key, value, keyNode) in try document.mapping(node, what: "lakehouse") {
            switch key {
            case "catalog":
                let text = try document.string(value, what: "catalog")
                guard let parsed = Catalog(text) else {
                    throw document.error("lakehouse catalog '\(text)': use sqlite:<path>, postgres:<connection string> or duckdb:<path>", at: value)
                }
                catalog = parsed
            case "data_path": settings.dataPath = try document.string(value, what: "data_path")
            case "retention":
                let text = try document.string(value, what: "retention")
                if let problem = retentionProblem(text) { throw document.error(problem, at: value) }
                settings.retention = text
            case "compression":
                let text = try document.string(value, what: "compression").lowercased()
                guard codecs.contains(text) else {
                    throw document.error("lakehouse compression '\(text)': use one of \(codecs.joined(separator: ", "))", at: value)
                }
                settings.compression = text
            default:
                throw document.error("unknown key '\(key)' in lakehouse\(EditDistance.hint(key, among: keys))", at: keyNode)
            }
        }
        guard let catalog else { throw document.error("lakehouse needs a `catalog:` (e.g. sqlite:data_lake/catalog.sqlite)", at: node) }
        settings.catalog = catalog
        return settings
    }
}

/// A database a dbt-duckdb profile attaches beside the warehouse (`attach:` entries).
public struct DatabaseAttachment: Sendable, Equatable {
    public var path: String
    public var alias: String
    /// DuckDB's TYPE (sqlite, postgres, …) when the path does not say it.
    public var type: String?
    public var readOnly: Bool
    /// Further ATTACH options, by DuckDB's names.
    public var options: [(String, String)]

    public static func == (a: DatabaseAttachment, b: DatabaseAttachment) -> Bool {
        a.path == b.path && a.alias == b.alias && a.type == b.type && a.readOnly == b.readOnly
            && a.options.map(\.0) == b.options.map(\.0) && a.options.map(\.1) == b.options.map(\.1)
    }
}
