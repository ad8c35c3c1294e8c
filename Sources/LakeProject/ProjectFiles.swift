import Foundation
import LakeTemplates

/// A model's SQL file, parsed.
public struct ModelFile: Sendable {
    /// The file's name, or for a version of a versioned model its node name (`dim_customers_v2`).
    public internal(set) var name: String
    /// Relative to the project, e.g. models/silver/silver_jobs.sql.
    public let path: String
    /// The folders between the model path and the file, e.g. ["silver"].
    public let folders: [String]
    public let template: Template
    /// The installed package it comes from; nil for the root project's own models.
    public var package: String? = nil
    /// A syntax error in the file: the model fails when it runs (its template is then empty), and
    /// the rest of the project is unaffected.
    public var syntaxError: String? = nil
    /// Which version of a versioned model the file defines (schema YAML's `versions:`).
    public internal(set) var version: ModelVersion? = nil
}

/// One version of a versioned model (dbt 1.5's model versions): version 2 of `dim_customers` is
/// the node `model.<project>.dim_customers.v2`, built as `dim_customers_v2` unless aliased, and
/// `ref('dim_customers')` reads the latest version.
public struct ModelVersion: Sendable, Equatable {
    /// The model's own name, which ref() and selectors use: `dim_customers`.
    public let model: String
    /// As written after `v:`: `1`, `2`, `1.5`.
    public let version: String
    /// The version `ref('dim_customers')` reads (`latest_version:`, else the highest).
    public let latest: String

    /// The name lake gives the version's node, and dbt's default alias: `dim_customers_v2`.
    public var nodeName: String { Self.nodeName(model: model, version: version) }

    /// Versions compared as dbt compares them: as numbers when both are, else as text.
    public static func order(_ a: String, _ b: String) -> ComparisonResult {
        if let x = Double(a), let y = Double(b) { return x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame }
        return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
    }

    public static func nodeName(model: String, version: String) -> String {
        "\(model)_v\(version.replacingOccurrences(of: ".", with: "_"))"
    }
}

/// A dbt snapshot: a `{% snapshot name %}` block, whose rendered body selects the rows to keep a
/// history of.
public struct SnapshotFile: Sendable {
    public let name: String
    public let path: String
    public let folders: [String]
    public let body: MacroDefinition
}

/// A seed: a CSV file loaded as a table.
public struct SeedFile: Sendable {
    public let name: String
    public let path: String
    public let folders: [String]
    /// The installed package it comes from; nil for the root project's own seeds.
    public var package: String? = nil
}

/// A table of a declared source; `location` points at a file or glob read directly.
public struct SourceTable: Sendable {
    public let source: String
    public let name: String
    public let identifier: String
    public let schema: String
    public let location: String?
    public let description: String
    public let columns: [ColumnInfo]
    /// Its `config: {event_time: …}`: the column a microbatch model's batches filter it by.
    public var eventTime: String? = nil
    /// dbt's `freshness:` (`warn_after` / `error_after`) and the column it measures, `loaded_at_field`.
    public var freshness: JSONValue? = nil
    public var loadedAtField: String? = nil
    /// The folders between the model path and the YAML that declares it (part of its fqn).
    public var folders: [String] = []
    /// The schema file that declares it (relative to the root project).
    public var file = ""
    /// The package whose schema file declares it (nil: the root project's).
    public var package: String? = nil
    /// The description of its source (the `sources:` entry), beside its own.
    public var sourceDescription = ""
    /// Its source's tags and its own (`tags:` or `config: {tags: …}` at either level), as dbt
    /// gives a source node both; `tag:` selects it by them.
    public var tags: [String] = []
    /// Its source's `meta:` with its own over it, and the source's alone (dbt's `source_meta`).
    public var meta: JSONValue = .object([])
    public var sourceMeta: JSONValue = .object([])
}

/// What schema YAML says about a column.
public struct ColumnInfo: Sendable {
    public let name: String
    public let description: String
    public let dataType: String?
    /// Its `constraints:`, which an enforced contract builds into the table.
    public var constraints: [Constraint] = []

    public init(name: String, description: String, dataType: String?, constraints: [Constraint] = []) {
        self.name = name
        self.description = description
        self.dataType = dataType
        self.constraints = constraints
    }
}

/// What schema YAML says about a model or seed beyond its tests.
public struct NodeProperties: Sendable {
    public var description = ""
    /// The model's own `constraints:` (over several columns), for an enforced contract.
    public var constraints: [Constraint] = []
    public var config: [(String, JSONValue)] = []
    public var columns: [ColumnInfo] = []
    /// Where the model's entry is, for errors.
    public var file: String = ""
    /// A model's `time_spine:` (MetricFlow's), as written: dbt's graph carries it.
    public var timeSpine: JSONValue? = nil
    /// A model's (or a version's) `deprecation_date`, as dbt writes it: `2024-01-01T00:00:00+00:00`.
    public var deprecationDate: String? = nil
    /// Whether that date has passed (dbt warns of such a model on every run).
    public var isPastDeprecationDate = false
}

/// A `.sql` file under one of a project's folders, parsed: its name (the file's, without `.sql`),
/// its path from the project, the folders between the project folder and it.
struct SQLTemplateFile {
    let name: String
    let path: String
    let folders: [String]
    let template: Template
    /// With `keepingSyntaxErrors`, a file whose template does not parse: its error (the template is empty).
    var syntaxError: String? = nil

    /// Every `.sql` file under `folder`, in path order. A syntax error throws, unless
    /// `keepingSyntaxErrors` (models: the error becomes the model's).
    static func read(under folder: String, root: String, lenientUndefined: Bool, keepingSyntaxErrors: Bool = false) throws -> [SQLTemplateFile] {
        try SQLFiles.find(under: folder).map { file in
            let relative = SQLFiles.relative(file, to: root)
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let folders = Array(SQLFiles.relative(file, to: folder).split(separator: "/").dropLast().map(String.init))
            let text = try String(contentsOfFile: file, encoding: .utf8)
            do {
                return SQLTemplateFile(name: name, path: relative, folders: folders,
                                       template: try Template(name: relative, text: text, lenientUndefined: lenientUndefined))
            } catch let error as TemplateError where keepingSyntaxErrors {
                return SQLTemplateFile(name: name, path: relative, folders: folders, template: try Template(name: relative, text: ""),
                                       syntaxError: "\(error)")
            }
        }
    }
}

/// A dbt exposure (`exposures:` in schema YAML): a dashboard, notebook or application that reads
/// models; a node with nothing to run, selected with `exposure:name` (and `+exposure:name` for
/// everything it reads).
public struct ExposureDefinition: Sendable {
    public let name: String
    /// `ref(...)` / `source(...)` as written.
    public let dependsOn: [String]
    public let description: String
    /// dashboard, notebook, analysis, ml or application.
    public let type: String
    public let path: String
    public let config: [(String, JSONValue)]
    /// The rest of its YAML as dbt keeps it (owner, maturity, url, label, meta).
    public var properties: [(String, JSONValue)] = []
}

/// A dbt constraint, on a column or (naming `columns`) on a model, as an enforced contract
/// builds it into the table's DDL (dbt's render_column_constraint / render_model_constraint).
public struct Constraint: Sendable, Equatable {
    /// not_null, unique, primary_key, check, foreign_key or custom.
    public let type: String
    public var name: String? = nil
    public var expression: String? = nil
    /// A model constraint's columns.
    public var columns: [String] = []
    /// A foreign key's target, as written (`ref('customers')`), and its columns.
    public var to: String? = nil
    public var toColumns: [String] = []

    public static let types: Set<String> = ["not_null", "unique", "primary_key", "check", "foreign_key", "custom"]

    /// As dbt's graph and manifest hold it (a model's constraint also names its columns).
    public func templateValue(ofModel: Bool) -> Value {
        var fields: [(String, Value)] = [("type", .string(type)), ("name", name.map(Value.string) ?? .none),
                                         ("expression", expression.map(Value.string) ?? .none),
                                         ("warn_unenforced", .bool(true)), ("warn_unsupported", .bool(true)),
                                         ("to", to.map(Value.string) ?? .none), ("to_columns", .list(toColumns.map(Value.string)))]
        if ofModel { fields.append(("columns", .list(columns.map(Value.string)))) }
        return .dict(fields)
    }
}
