import Foundation
import LakeTemplates
import LakeYAML
import TextSupport

/// What `lake.yml` (or a dbt project's `dbt_project.yml` and `profiles.yml`) says.
public struct ProjectSettings: Sendable {
    public var name: String
    /// The DuckDB file, relative to the project.
    public var warehouse: String
    public var threads: Int
    public var modelPaths: [String]
    public var macroPaths: [String]
    public var testPaths: [String]
    public var seedPaths: [String]
    public var snapshotPaths: [String] = ["snapshots"]
    /// dbt's `docs-paths`: where `{% docs %}` Markdown files are (nil: every other folder).
    public var docsPaths: [String]? = nil
    public var vars: [String: JSONValue]
    public var models: FolderConfig
    public var seeds: FolderConfig
    public var tests: FolderConfig
    /// dbt_project.yml's `snapshots:` configuration by folder.
    public var snapshots = FolderConfig()
    /// The root project's configuration above any project name (`models: {+tags: x}`), which in dbt
    /// reaches packages' models and seeds too, under the root's for the package.
    public var rootWideModels: [(String, JSONValue)] = []
    public var rootWideSeeds: [(String, JSONValue)] = []
    public var targetName: String
    /// The target's `schema:` (dbt-duckdb's default `main`): where models go unless configured otherwise.
    public var targetSchema = "main"
    /// Where the configuration came from: "lake.yml" or "dbt_project.yml".
    public var file: String
    /// `ml:` entries: anomaly detectors trained on models and written back as tables.
    public var machineLearning: [MachineLearningSpec] = []
    /// A DuckLake holds the tables (lake.yml's `lakehouse:`, or a profile attaching `ducklake:`);
    /// nil keeps them in the DuckDB file `warehouse`.
    public var lakehouse: LakehouseSettings?
    /// Other databases a profile attaches beside the warehouse.
    public var attachments: [DatabaseAttachment] = []
    /// Where installed packages live (dbt's `packages-install-path`).
    public var packagesInstallPath = "dbt_packages"
    /// Whether templates follow dbt's undefined (a missing name prints nothing and is false), as a
    /// dbt project's do; lake.yml projects make it an error where it is written.
    public var lenientUndefined: Bool { isDbtProject }
    /// A dbt project (dbt_project.yml), not a lake.yml one: dbt's rules hold where lake's differ.
    public var isDbtProject: Bool { file == "dbt_project.yml" }
    /// dbt's `on-run-start` / `on-run-end`: SQL run before the first node and after the last.
    public var onRunStart: [String] = []
    public var onRunEnd: [String] = []
    /// A dbt-duckdb profile's `settings:`: DuckDB options set on every connection.
    public var duckdbSettings: [(String, String)] = []
    /// A dbt-duckdb profile's `extensions:`, loaded on every connection.
    public var extensions: [String] = []
    /// Settings lake read and does not act on, each with its file and line.
    public var unsupported: [String] = []
    /// lake.yml's `alerts:`: the model holding the project's alerts (alert_id, kind, subject,
    /// severity, state, first_seen_run), which `lake alerts` lists and `on_alert` hears of.
    public var alertsModel: String?
    /// Where the profile's relative paths resolve (`ProfileSelection.workingDirectory`); nil: the
    /// project folder, as every path of lake.yml.
    public var profilePathBase: String?
    /// dbt-duckdb's `external_root`: where an external model without a `location` writes its file
    /// (default `.`, the project folder).
    public var externalRoot: String?
    /// dbt's `target.database`: the lake's catalog, or the warehouse file's name without its extension.
    public var targetDatabaseName: String {
        if let alias = lakehouse?.alias { return alias }
        // DuckDB names an in-memory database "memory", a file's by its name without the extension.
        return warehouse == ":memory:" ? "memory" : URL(fileURLWithPath: warehouse).deletingPathExtension().lastPathComponent
    }
    /// lake.yml's `report:`: the models `lake report` draws its page from; nil when it names none.
    public var reportTables: ReportTables?
    /// lake.yml's `on_alert:`: a shell command run once per new open alert after a run's commits,
    /// the alert as JSON on its stdin.
    public var onAlert: String?
    /// dbt's `dispatch:`: for a macro namespace, the packages `adapter.dispatch` searches, in order.
    public var dispatch: [String: [String]] = [:]

    public init(name: String, warehouse: String = "data_lake/warehouse.duckdb", threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.name = name
        self.warehouse = warehouse
        self.threads = threads
        modelPaths = ["models"]
        macroPaths = ["sql/macros"]
        testPaths = ["tests"]
        seedPaths = ["seeds"]
        vars = [:]
        models = FolderConfig()
        seeds = FolderConfig()
        tests = FolderConfig()
        targetName = "dev"
        file = "lake.yml"
    }

    static let lakeKeys = ["name", "version", "warehouse", "threads", "model-paths", "macro-paths", "test-paths", "seed-paths",
                           "vars", "models", "seeds", "tests", "data_tests", "ml", "target", "config-version", "lakehouse", "alerts", "on_alert",
                           "packages-install-path", "dispatch", "budgets", "report"]

    /// Whether `root` holds a lake.yml or dbt_project.yml.
    public static func exists(in root: String) -> Bool {
        ["lake.yml", "dbt_project.yml"].contains { FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent($0)) }
    }

    /// Reads `lake.yml`, or else `dbt_project.yml` with its profile (chosen by `profile`); an error
    /// names file, line and column.
    public static func load(projectDirectory root: String, profile: ProfileSelection = ProfileSelection()) throws -> ProjectSettings {
        let lake = (root as NSString).appendingPathComponent("lake.yml")
        if FileManager.default.fileExists(atPath: lake) { return try loadLake(path: lake) }
        let dbt = (root as NSString).appendingPathComponent("dbt_project.yml")
        if FileManager.default.fileExists(atPath: dbt) { return try loadDbt(path: dbt, root: root, profile: profile) }
        throw ProjectError("no lake.yml (or dbt_project.yml) in \(root)")
    }

    static func loadLake(path: String) throws -> ProjectSettings {
        let document = try YAMLDocument(path: path, displayName: "lake.yml")
        guard let root = document.root else { throw ProjectError("lake.yml is empty: it needs at least `name:`") }
        var settings = ProjectSettings(name: "lake")
        var sawName = false
        var budgets: JSONValue?
        for (key, value, keyNode) in try document.mapping(root, what: "lake.yml") {
            switch key {
            case "name": settings.name = try document.string(value, what: "name"); sawName = true
            case "warehouse": settings.warehouse = try document.string(value, what: "warehouse")
            case "threads":
                guard case .int(let threads)? = value.scalar, threads > 0 else {
                    throw document.error("threads must be a positive whole number", at: value)
                }
                settings.threads = threads
            case "model-paths": settings.modelPaths = try document.strings(value, what: "model-paths")
            case "macro-paths": settings.macroPaths = try document.strings(value, what: "macro-paths")
            case "test-paths": settings.testPaths = try document.strings(value, what: "test-paths")
            case "seed-paths": settings.seedPaths = try document.strings(value, what: "seed-paths")
            case "vars": settings.vars = try variables(value, in: document)
            case "models": settings.models = try FolderConfig.parse(value, in: document)
            case "seeds": settings.seeds = try FolderConfig.parse(value, in: document)
            case "tests", "data_tests": settings.tests = try FolderConfig.parse(value, in: document)
            case "ml": settings.machineLearning = try MachineLearningSpec.parse(value, in: document)
            case "budgets": budgets = try BudgetSpec.parse(value, in: document)
            case "alerts": settings.alertsModel = try document.string(value, what: "alerts (the model that holds the alerts)")
            case "report": settings.reportTables = try ReportTables.parse(value, in: document)
            case "on_alert": settings.onAlert = try document.string(value, what: "on_alert (a shell command)")
            case "target": settings.targetName = try document.string(value, what: "target")
            case "lakehouse": settings.lakehouse = try LakehouseSettings.parse(value, in: document)
            case "packages-install-path": settings.packagesInstallPath = try document.string(value, what: "packages-install-path")
            case "dispatch": settings.dispatch = try dispatchOrder(value, in: document)
            case "version", "config-version": break
            default:
                let hint = EditDistance.closest(to: key, among: lakeKeys).map { " (did you mean '\($0)'?)" } ?? ""
                throw document.error("unknown key '\(key)' in lake.yml\(hint)", at: keyNode)
            }
        }
        if !sawName { throw document.error("lake.yml needs a `name:`", at: root) }
        if settings.onAlert != nil && settings.alertsModel == nil, let node = root["on_alert"] {
            throw document.error("on_alert needs `alerts:` naming the model that holds the alerts (e.g. `alerts: gold_alerts`)", at: node)
        }
        if let alerts = settings.alertsModel, settings.reportTables != nil, settings.reportTables?[.alerts] == nil {
            settings.reportTables?.tables[.alerts] = alerts
        }
        // Budgets reach models as var('budgets').
        if let budgets { settings.vars["budgets"] = budgets }
        settings.models = settings.models.scoped(to: settings.name)
        settings.seeds = settings.seeds.scoped(to: settings.name)
        settings.tests = settings.tests.scoped(to: settings.name)
        return settings
    }

    static func variables(_ node: YAMLNode, in document: YAMLDocument) throws -> [String: JSONValue] {
        var vars: [String: JSONValue] = [:]
        for (key, value, _) in try document.mapping(node, what: "vars") { vars[key] = value.json }
        return vars
    }

    /// The `name:` of a package's dbt_project.yml.
    public static func packageName(at path: String) throws -> String {
        let document = try YAMLDocument(path: path, displayName: path)
        guard let top = document.root, let name = top["name"] else { throw ProjectError("\(path) has no `name:`") }
        return try document.string(name, what: "name")
    }

    /// The `version:` a package's dbt_project.yml gives itself, if any.
    static func packageVersion(at path: String) throws -> String? {
        try YAMLDocument(path: path, displayName: path).root?["version"]?.text
    }

    /// `dispatch: [{macro_namespace: dbt_utils, search_order: [my_project, dbt_utils]}]`.
    static func dispatchOrder(_ node: YAMLNode, in document: YAMLDocument) throws -> [String: [String]] {
        var order: [String: [String]] = [:]
        for entry in try document.list(node, what: "dispatch") {
            var namespace: String?, searchOrder: [String]?
            for (key, value, keyNode) in try document.mapping(entry, what: "dispatch entry") {
                switch key {
                case "macro_namespace": namespace = try document.string(value, what: "macro_namespace")
                case "search_order": searchOrder = try document.strings(value, what: "search_order")
                default: throw document.error("unknown key '\(key)' in a dispatch entry (it takes macro_namespace and search_order)", at: keyNode)
                }
            }
            guard let namespace, let searchOrder else {
                throw document.error("a dispatch entry needs `macro_namespace:` and `search_order:`", at: entry)
            }
            order[namespace] = searchOrder
        }
        return order
    }

    /// A dbt-duckdb project: dbt_project.yml, and the `type: duckdb` target of its profile.
    static func loadDbt(path: String, root: String, profile selection: ProfileSelection) throws -> ProjectSettings {
        let document = try YAMLDocument(path: path, displayName: "dbt_project.yml")
        guard let top = document.root else { throw ProjectError("dbt_project.yml is empty") }
        var settings = ProjectSettings(name: try document.string(top["name"] ?? top, what: "name"))
        settings.file = "dbt_project.yml"
        settings.macroPaths = ["macros"]
        if let value = top["model-paths"] ?? top["source-paths"] { settings.modelPaths = try document.strings(value, what: "model-paths") }
        if let value = top["macro-paths"] { settings.macroPaths = try document.strings(value, what: "macro-paths") }
        if let value = top["test-paths"] { settings.testPaths = try document.strings(value, what: "test-paths") }
        if let value = top["seed-paths"] ?? top["data-paths"] { settings.seedPaths = try document.strings(value, what: "seed-paths") }
        if let value = top["snapshot-paths"] { settings.snapshotPaths = try document.strings(value, what: "snapshot-paths") }
        if let value = top["docs-paths"] { settings.docsPaths = try document.strings(value, what: "docs-paths") }
        if let value = top["on-run-start"] { settings.onRunStart = try value.text.map { [$0] } ?? document.strings(value, what: "on-run-start") }
        if let value = top["on-run-end"] { settings.onRunEnd = try value.text.map { [$0] } ?? document.strings(value, what: "on-run-end") }
        if let value = top["snapshots"] { settings.snapshots = try FolderConfig.parse(value, in: document).scoped(to: settings.name) }
        if let value = top["vars"] { settings.vars = try variables(value, in: document) }
        if let value = top["models"] {
            let parsed = try FolderConfig.parse(value, in: document)
            settings.rootWideModels = parsed.config
            settings.models = parsed.scoped(to: settings.name)
        }
        if let value = top["seeds"] {
            let parsed = try FolderConfig.parse(value, in: document)
            settings.rootWideSeeds = parsed.config
            settings.seeds = parsed.scoped(to: settings.name)
        }
        if let value = top["data_tests"] ?? top["tests"] { settings.tests = try FolderConfig.parse(value, in: document).scoped(to: settings.name) }
        if let value = top["packages-install-path"] { settings.packagesInstallPath = try document.string(value, what: "packages-install-path") }
        if let value = top["dispatch"] { settings.dispatch = try dispatchOrder(value, in: document) }
        settings.unsupported += unusedDbtKeys(of: top, in: document, root: root)
        let profileName = try top["profile"].map { try document.string($0, what: "profile") } ?? settings.name
        try applyProfile(named: profileName, root: root, selection: selection, to: &settings)
        // dbt renders the configuration's Jinja as it loads the project, with the target known.
        let renderer = ProjectRenderer(settings: settings, selection: selection, root: root)
        settings.models = try renderer.render(settings.models, place: "dbt_project.yml")
        for keyPath in [\ProjectSettings.rootWideModels, \ProjectSettings.rootWideSeeds] {
            var wide = FolderConfig()
            wide.config = settings[keyPath: keyPath]
            settings[keyPath: keyPath] = try renderer.render(wide, place: "dbt_project.yml").config
        }
        settings.seeds = try renderer.render(settings.seeds, place: "dbt_project.yml")
        settings.snapshots = try renderer.render(settings.snapshots, place: "dbt_project.yml")
        settings.tests = try renderer.render(settings.tests, place: "dbt_project.yml")
        return settings
    }

    /// dbt_project.yml keys lake reads (`loadDbt`), and those that change nothing lake makes
    /// (versions, cleaning, docs assets, dbt Cloud, usage statistics).
    static let readDbtKeys: Set<String> = [
        "name", "profile", "model-paths", "source-paths", "macro-paths", "test-paths", "seed-paths", "data-paths", "snapshot-paths",
        "docs-paths", "on-run-start", "on-run-end", "snapshots", "vars", "models", "seeds", "data_tests", "tests",
        "packages-install-path", "dispatch",
    ]
    static let inertDbtKeys: Set<String> = ["version", "config-version", "clean-targets", "asset-paths", "dbt-cloud", "log-path", "require-dbt-version", "flags"]

    /// A notice for each other key, so nothing in dbt_project.yml is ignored in silence; the
    /// default `target-path: target` is what lake writes to anyway.
    /// `analysis-paths` is said only when an analysis is there (dbt's starter project names the folder).
    static func unusedDbtKeys(of top: YAMLNode, in document: YAMLDocument, root: String) -> [String] {
        (top.entries ?? []).compactMap { entry -> String? in
            let key = entry.key
            if readDbtKeys.contains(key) || inertDbtKeys.contains(key) { return nil }
            if key == "target-path", entry.node.text == "target" { return nil }
            if key == "analysis-paths" {
                let folders = (try? document.strings(entry.node, what: key)) ?? []
                if !folders.contains(where: { !SQLFiles.find(under: (root as NSString).appendingPathComponent($0)).isEmpty }) { return nil }
            }
            let why: String = switch key {
            case "quoting": "lake quotes every relation it prints; on DuckDB, which matches names regardless of case, only the printed text differs"
            case "target-path": "lake writes its artifacts to target/"
            case "analysis-paths": "lake does not compile analyses"
            case "query-comment": "lake adds no comment to its queries"
            default: "lake does not read it"
            }
            return "dbt_project.yml:\(entry.keyNode.line): `\(key)` is not used: \(why)"
        }
    }

    /// The profile's target (`selection` says which profiles.yml and target), its Jinja rendered.
    static func applyProfile(named name: String, root: String, selection: ProfileSelection, to settings: inout ProjectSettings) throws {
        guard let (path, displayName) = try selection.profilesFile(root: root) else { return }
        let document = try YAMLDocument(path: path, displayName: displayName)
        func text(_ node: YAMLNode, what: String) throws -> String {
            let raw = try document.string(node, what: what)
            do {
                return try selection.render(raw, name: "\(displayName):\(node.line)")
            } catch {
                throw document.error("\(what): \(error)", at: node)
            }
        }
        guard let profile = document.root?[name] else {
            if let root = document.root { throw document.error("profiles.yml has no profile '\(name)'", at: root) }
            return
        }
        let targetName = try selection.target ?? profile["target"].map { try text($0, what: "target") } ?? "dev"
        guard let outputs = profile["outputs"], let target = outputs[targetName] else {
            let known = profile["outputs"]?.entries?.map(\.key) ?? []
            throw document.error("profile '\(name)' has no output '\(targetName)'" + EditDistance.hint(targetName, among: known), at: profile)
        }
        if let type = target["type"], try text(type, what: "type") != "duckdb" {
            throw document.error("lake runs DuckDB targets; this one is type '\(type.text ?? "")'", at: type)
        }
        settings.targetName = targetName
        settings.profilePathBase = selection.workingDirectory
        if let path = target["path"] { settings.warehouse = try text(path, what: "path") }
        if let schema = target["schema"] { settings.targetSchema = try text(schema, what: "schema") }
        if let root = target["external_root"] { settings.externalRoot = try text(root, what: "external_root") }
        if let threads = target["threads"] {
            guard let count = Int(try text(threads, what: "threads")), count > 0 else { throw document.error("threads must be a positive whole number", at: threads) }
            settings.threads = count
        }
        // dbt-duckdb's `settings:` (DuckDB options set on every connection) and `extensions:` (loaded
        // from what bootstrap installed; lake never downloads one).
        if let options = target["settings"] {
            for (key, value, _) in try document.mapping(options, what: "settings") { settings.duckdbSettings.append((key, try text(value, what: key))) }
        }
        if let extensions = target["extensions"] {
            for entry in try document.list(extensions, what: "extensions") {
                guard let name = entry.text ?? entry["name"]?.text else { throw document.error("an extension is a name", at: entry) }
                settings.extensions.append(name)
            }
        }
        for (key, _, keyNode) in try document.mapping(target, what: "target") where !Self.targetKeys.contains(key) {
            settings.unsupported.append("\(displayName):\(keyNode.line): lake does not use `\(key)` of target '\(targetName)'")
        }
        if let attach = target["attach"] {
            let database = try target["database"].map { try document.string($0, what: "database") }
            for entry in try document.list(attach, what: "attach") {
                let attachment = try Self.attachment(entry, in: document)
                // dbt-duckdb's DuckLake profiles attach `ducklake:<catalog>` and name it the target's database.
                if attachment.path.hasPrefix("ducklake:"), settings.lakehouse == nil, database == nil || database == attachment.alias {
                    var catalogText = String(attachment.path.dropFirst("ducklake:".count))
                    if LakehouseSettings.Catalog(catalogText) == nil { catalogText = "duckdb:" + catalogText }
                    guard let catalog = LakehouseSettings.Catalog(catalogText) else {
                        throw document.error("attach path '\(attachment.path)' names no DuckLake catalog", at: entry)
                    }
                    let dataPath = attachment.options.first { $0.0.lowercased() == "data_path" }?.1
                    settings.lakehouse = LakehouseSettings(catalog: catalog, dataPath: dataPath ?? LakehouseSettings.defaultDataPath,
                                                           alias: attachment.alias)
                } else {
                    settings.attachments.append(attachment)
                }
            }
        }
    }

    /// What lake reads of a dbt-duckdb target; others are reported, never ignored in silence.
    static let targetKeys: Set<String> = ["type", "path", "threads", "attach", "database", "schema", "settings", "extensions", "external_root"]

    static let attachKeys = ["path", "alias", "type", "read_only", "options"]

    /// One `attach:` entry of a dbt-duckdb profile.
    static func attachment(_ node: YAMLNode, in document: YAMLDocument) throws -> DatabaseAttachment {
        var path: String?, alias: String?, type: String?, readOnly = false
        var options: [(String, String)] = []
        for (key, value, keyNode) in try document.mapping(node, what: "attach entry") {
            switch key {
            case "path": path = try document.string(value, what: "path")
            case "alias": alias = try document.string(value, what: "alias")
            case "type": type = try document.string(value, what: "type")
            case "read_only": readOnly = value.scalar == .bool(true)
            case "options":
                for (name, option, _) in try document.mapping(value, what: "options") { options.append((name, option.text ?? "")) }
            default:
                throw document.error("lake does not support '\(key)' in an attach entry\(EditDistance.hint(key, among: attachKeys))", at: keyNode)
            }
        }
        guard let path else { throw document.error("an attach entry needs a `path:`", at: node) }
        // DuckDB names an attached file after its base name when no alias is given.
        let name = alias ?? ((path.split(separator: "/").last.map(String.init) ?? path).split(separator: ".").first.map(String.init) ?? path)
        return DatabaseAttachment(path: path, alias: name, type: type, readOnly: readOnly, options: options)
    }
}

/// A project that cannot be read: a message that says what and where.
public struct ProjectError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
