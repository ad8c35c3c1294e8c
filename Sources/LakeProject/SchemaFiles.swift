import Foundation
import LakeTemplates
import LakeYAML
import TextSupport

/// Reads the `version: 2` YAML files beside models and seeds: properties, tests and sources.
struct SchemaFiles {
    var properties: [String: NodeProperties] = [:]
    var sources: [SourceTable] = []
    /// Tests with the YAML node that declared them, for errors about their targets.
    var tests: [(definition: TestDefinition, node: YAMLNode, document: YAMLDocument)] = []
    var propertyNodes: [String: (YAMLNode, YAMLDocument)] = [:]

    static let testListKeys = ["tests", "data_tests"]
    static let testConfigKeys: Set<String> = ["severity", "where", "warn_if", "error_if", "store_failures", "tags", "enabled", "limit"]

    /// Renders a section's values as dbt renders schema YAML (nil: no Jinja there, lake.yml projects).
    var render: ((_ section: String, YAMLNode, _ place: String) throws -> YAMLNode)?
    /// The folders between its model path and the file being read.
    var folders: [String] = []
    /// The package whose files are being read (nil: the root project's): its tests are its nodes.
    var package: String? = nil
    /// Whether a source without `schema:` is in the schema of its name (dbt), not `main`.
    var sourceSchemaIsItsName = false
    /// A dbt project's schema files: a key dbt does not know is said and passed over, as dbt
    /// passes over it (a lake.yml project's is an error).
    var passesOverUnknownKeys = false
    /// What the files hold that lake does not read, with file and line.
    var notices: [String] = []
    var exposures: [ExposureDefinition] = []
    /// `macros:` entries: the properties of macros, by the package whose file declares them.
    var macros: [MacroProperties] = []
    /// dbt's `groups:`, as dbt's graph lists them.
    var groupDefinitions: [GroupDefinition] = []
    /// Saved queries (dbt's semantic layer), by name and file: nodes with nothing to run.
    var savedQueries: [(name: String, path: String, description: String)] = []
    /// Snapshots declared in YAML (dbt 1.9): their name, the `relation:` they snapshot, their file.
    var yamlSnapshots: [(name: String, relation: String, path: String)] = []
    /// Versions of versioned models, with the file each is defined in (`defined_in:`, else
    /// `<model>_v<version>`, and for the latest also `<model>`) and the YAML that declared it.
    var modelVersions: [(version: ModelVersion, definedIn: String?, node: YAMLNode, document: YAMLDocument)] = []

    mutating func read(_ document: YAMLDocument) throws {
        guard let root = document.root else { return }
        for (key, written, keyNode) in try document.mapping(root, what: "a schema file") {
            let value = try ["models", "seeds", "snapshots", "sources", "exposures"].contains(key) ? render?(key, written, document.path) ?? written : written
            switch key {
            case "version": break
            case "models":
                for entry in try document.list(value, what: key) {
                    if entry["versions"] != nil { try readVersions(entry, in: document) } else { try readNode(entry, in: document) }
                }
            case "seeds":
                for entry in try document.list(value, what: key) { try readNode(entry, in: document) }
            case "snapshots":
                for entry in try document.list(value, what: key) {
                    // dbt 1.9's snapshots declared in YAML: a `relation:` (a ref or source) and a config.
                    if let relation = entry["relation"], let name = entry["name"] {
                        yamlSnapshots.append((name: try document.string(name, what: "name"), relation: try document.string(relation, what: "relation"),
                                              path: document.path))
                    }
                    try readNode(entry, in: document)
                }
            case "sources":
                for entry in try document.list(value, what: key) { try readSource(entry, in: document) }
            case "unit_tests":
                for entry in try document.list(value, what: key) {
                    let (spec, config) = try UnitTestSpec.parse(entry, in: document)
                    let definition = TestDefinition(name: spec.name, kind: .unit(spec), attachedTo: .model(spec.model), column: nil,
                                                    config: NodeConfig(config), path: document.path)
                    tests.append((definition, entry, document))
                }
            case "exposures":
                for entry in try document.list(value, what: key) { exposures.append(try readExposure(entry, in: document)) }
            case "saved_queries":
                for entry in try document.list(value, what: key) {
                    guard let name = entry["name"] else { throw document.error("each saved query needs a `name:`", at: entry) }
                    savedQueries.append((try document.string(name, what: "name"), document.path,
                                         try entry["description"].map { try document.string($0, what: "description") } ?? ""))
                }
                notices.append("\(document.path):\(keyNode.line): lake does not run the semantic layer: `saved_queries:` are nodes with nothing to run")
            case "groups":
                for entry in try document.list(value, what: key) {
                    guard let name = entry["name"] else { throw document.error("each group needs a `name:`", at: entry) }
                    let text = try document.string(name, what: "name")
                    if let other = groupDefinitions.first(where: { $0.name == text }) {
                        throw document.error("two groups are named '\(text)' (the other in \(other.file))", at: name)
                    }
                    groupDefinitions.append(GroupDefinition(name: text, package: package, file: document.path,
                                                            owner: entry["owner"]?.json ?? .object([])))
                }
            case "macros":
                for entry in try document.list(value, what: key) { macros.append(try readMacro(entry, in: document)) }
            case "metrics", "semantic_models", "analyses":
                notices.append("\(document.path):\(keyNode.line): lake does not read `\(key):` in schema files yet")
            default:
                let hint = EditDistance.closest(to: key, among: ["version", "models", "seeds", "sources"]).map { " (did you mean '\($0)'?)" } ?? ""
                // dbt passes over a key it does not know and builds the rest; lake says where it is.
                guard passesOverUnknownKeys else { throw document.error("unknown key '\(key)' in a schema file\(hint)", at: keyNode) }
                notices.append(document.warning("unknown key '\(key)' in a schema file\(hint): it is not read, as dbt does not read it", at: keyNode))
            }
        }
    }

    private mutating func readNode(_ entry: YAMLNode, in document: YAMLDocument) throws {
        guard let nameNode = entry["name"] else { throw document.error("each entry needs a `name:`", at: entry) }
        let name = try document.string(nameNode, what: "name")
        var node = properties[name] ?? NodeProperties()
        node.file = document.path
        if let description = entry["description"] { node.description = try document.string(description, what: "description") }
        // dbt takes a model's `access:` and `group:` as properties as well as in its config, and its
        // `meta:` and `docs:` too (merged into config's, key by key).
        for key in ["access", "group", "meta", "docs"] { if let value = entry[key] { node.config.append((key, value.json)) } }
        if let config = entry["config"] { node.config += try document.mapping(config, what: "config").map { ($0.key, $0.node.json) } }
        if let constraints = entry["constraints"] { node.constraints = try readConstraints(constraints, in: document) }
        if let timeSpine = entry["time_spine"] { node.timeSpine = timeSpine.json }
        if let date = entry["deprecation_date"] { try readDeprecationDate(date, into: &node, in: document) }
        for column in try entry["columns"].map({ try document.list($0, what: "columns") }) ?? [] {
            node.columns.append(try readColumn(column, of: name, in: document))
        }
        try readTests(of: entry, target: .model(name), column: nil, in: document)
        properties[name] = node
        propertyNodes[name] = (nameNode, document)
    }

    /// A column's properties, and its tests on `owner`.
    private mutating func readColumn(_ column: YAMLNode, of owner: String, in document: YAMLDocument) throws -> ColumnInfo {
        guard let columnName = column["name"] else { throw document.error("each column needs a `name:`", at: column) }
        let columnText = try document.string(columnName, what: "column name")
        let constraints = try column["constraints"].map { try readConstraints($0, in: document) } ?? []
        try readTests(of: column, target: .model(owner), column: columnText, in: document)
        return ColumnInfo(name: columnText, description: try column["description"].map { try document.string($0, what: "description") } ?? "",
                          dataType: try column["data_type"].map { try document.string($0, what: "data_type") }, constraints: constraints)
    }

    /// `constraints:` of a column or a model, as dbt reads them.
    private func readConstraints(_ node: YAMLNode, in document: YAMLDocument) throws -> [Constraint] {
        try document.list(node, what: "constraints").map { item in
            guard let typeNode = item["type"], let type = typeNode.text, Constraint.types.contains(type) else {
                throw document.error("a constraint needs a `type:` (one of \(Constraint.types.sorted().joined(separator: ", ")))", at: item)
            }
            var constraint = Constraint(type: type)
            for (key, value, keyNode) in try document.mapping(item, what: "constraint") {
                switch key {
                case "type": break
                case "name": constraint.name = try document.string(value, what: "name")
                case "expression": constraint.expression = try document.string(value, what: "expression")
                case "columns": constraint.columns = try document.strings(value, what: "columns")
                case "to": constraint.to = try document.string(value, what: "to")
                case "to_columns": constraint.toColumns = try document.strings(value, what: "to_columns")
                case "warn_unenforced", "warn_unsupported": break
                default: throw document.error("unknown key '\(key)' in a constraint (it takes type, name, expression, columns, to, to_columns)", at: keyNode)
                }
            }
            if type == "check" && constraint.expression == nil { throw document.error("a check constraint needs an `expression:`", at: item) }
            return constraint
        }
    }

    /// A versioned model: each version is a node of its own (`<model>_v<version>`) with the model's
    /// properties and its own over them, as dbt-core's ModelPatchParser builds it — the model's
    /// config with the version's merged over it, the model's columns its `include`/`exclude` keeps
    /// and then its own, and the version's tests when it lists any (even none), else the model's.
    private mutating func readVersions(_ entry: YAMLNode, in document: YAMLDocument) throws {
        guard let nameNode = entry["name"] else { throw document.error("each entry needs a `name:`", at: entry) }
        let name = try document.string(nameNode, what: "name")
        let list = try document.list(entry["versions"]!, what: "versions")
        var declared: [(number: String, entry: YAMLNode)] = []
        for version in list {
            guard let number = version["v"]?.text, !number.isEmpty else { throw document.error("each version needs a `v:`", at: version) }
            if declared.contains(where: { $0.number == number }) { throw document.error("version \(number) of \(name) is declared twice", at: version) }
            declared.append((number, version))
        }
        guard !declared.isEmpty else { throw document.error("`versions:` of \(name) lists no version", at: entry) }
        // dbt's default latest version is the highest (numbers compared as numbers).
        let latest = try entry["latest_version"].map { try document.string($0, what: "latest_version") }
            ?? declared.map(\.number).max { ModelVersion.order($0, $1) == .orderedAscending }!
        if let latestNode = entry["latest_version"], !declared.contains(where: { $0.number == latest }) {
            throw document.error("latest_version \(latest) of \(name) is not one of its versions (\(declared.map(\.number).joined(separator: ", ")))", at: latestNode)
        }
        let description = try entry["description"].map { try document.string($0, what: "description") } ?? ""
        let config = try entry["config"].map { try document.mapping($0, what: "config").map { ($0.key, $0.node.json) } } ?? []
        let columns = try entry["columns"].map { try document.list($0, what: "columns") } ?? []
        for (number, versionEntry) in declared {
            let version = ModelVersion(model: name, version: number, latest: latest)
            let nodeName = version.nodeName
            var node = NodeProperties()
            node.file = document.path
            node.description = try versionEntry["description"].map { try document.string($0, what: "description") } ?? description
            // A version's own date only: dbt 1.10 gives versions none of the model's.
            if let date = versionEntry["deprecation_date"] { try readDeprecationDate(date, into: &node, in: document) }
            node.config = config + (try versionEntry["config"].map { try document.mapping($0, what: "config").map { ($0.key, $0.node.json) } } ?? [])
            if let constraints = versionEntry["constraints"] ?? entry["constraints"] { node.constraints = try readConstraints(constraints, in: document) }
            let own = try versionEntry["columns"].map { try document.list($0, what: "columns") } ?? []
            var included: (include: [String]?, exclude: [String]) = (nil, [])
            for item in own where item["include"] != nil || item["exclude"] != nil {
                let include = item["include"]!
                if let text = include.text, !["all", "*"].contains(text) {
                    throw document.error("include is 'all', '*' or a list of column names", at: include)
                }
                included.include = include.text == nil ? try document.strings(include, what: "include") : nil
                included.exclude = try item["exclude"].map { try document.strings($0, what: "exclude") } ?? []
            }
            for column in columns {
                guard let columnName = column["name"]?.text else { throw document.error("each column needs a `name:`", at: column) }
                if included.include.map({ $0.contains(columnName) }) ?? true, !included.exclude.contains(columnName) {
                    node.columns.append(try readColumn(column, of: nodeName, in: document))
                }
            }
            for column in own where column["include"] == nil && column["exclude"] == nil {
                node.columns.append(try readColumn(column, of: nodeName, in: document))
            }
            let listsTests = Self.testListKeys.contains { versionEntry[$0] != nil }
            try readTests(of: listsTests ? versionEntry : entry, target: .model(nodeName), column: nil, in: document)
            properties[nodeName] = node
            propertyNodes[nodeName] = (versionEntry["v"] ?? versionEntry, document)
            modelVersions.append((version, try versionEntry["defined_in"].map { try document.string($0, what: "defined_in") }, versionEntry, document))
        }
    }

    /// `deprecation_date:` as dbt normalizes it (a date or an ISO time, naive ones in the system's zone).
    private func readDeprecationDate(_ value: YAMLNode, into node: inout NodeProperties, in document: YAMLDocument) throws {
        if value.isNull { return }
        let text = try document.string(value, what: "deprecation_date")
        guard let date = DateTimeObject.normalizedDeprecationDate(text) else {
            throw document.error("deprecation_date '\(text)' is no date: write YYYY-MM-DD or an ISO 8601 time", at: value)
        }
        node.deprecationDate = date.isoText
        node.isPastDeprecationDate = date.instant < Int64(Date().timeIntervalSince1970 * 1_000_000)
    }

    private mutating func readMacro(_ entry: YAMLNode, in document: YAMLDocument) throws -> MacroProperties {
        guard let nameNode = entry["name"] else { throw document.error("each macro needs a `name:`", at: entry) }
        var macro = MacroProperties(package: package ?? "", name: try document.string(nameNode, what: "name"), file: document.path)
        for (key, value, keyNode) in try document.mapping(entry, what: "macro") {
            switch key {
            case "description": macro.description = try document.string(value, what: "description")
            case "meta": macro.meta = value.json
            case "config": if let meta = value["meta"] { macro.meta = meta.json }
            case "docs": if let show = value["show"], case .bool(let flag) = show.json { macro.showInDocs = flag }
            case "arguments":
                macro.arguments = try document.list(value, what: "arguments").map { argument in
                    guard let name = argument["name"] else { throw document.error("each argument needs a `name:`", at: argument) }
                    return .init(name: try document.string(name, what: "name"), type: try argument["type"].map { try document.string($0, what: "type") },
                                 description: try argument["description"].map { try document.string($0, what: "description") } ?? "")
                }
            case "name": break
            default: notices.append("\(document.path):\(keyNode.line): a macro's `\(key):` is not one of dbt's (\(MacroProperties.keys.sorted().joined(separator: ", "))); lake ignores it")
            }
        }
        return macro
    }

    private func readExposure(_ entry: YAMLNode, in document: YAMLDocument) throws -> ExposureDefinition {
        guard let nameNode = entry["name"] else { throw document.error("each exposure needs a `name:`", at: entry) }
        let type = try entry["type"].map { try document.string($0, what: "type") } ?? ""
        let types = ["dashboard", "notebook", "analysis", "ml", "application"]
        guard types.contains(type) else { throw document.error("an exposure's `type:` is one of \(types.joined(separator: ", "))", at: entry["type"] ?? entry) }
        var exposure = ExposureDefinition(name: try document.string(nameNode, what: "name"),
                                          dependsOn: try entry["depends_on"].map { try document.strings($0, what: "depends_on") } ?? [],
                                          description: try entry["description"].map { try document.string($0, what: "description") } ?? "",
                                          type: type, path: document.path,
                                          config: try entry["config"].map { try document.mapping($0, what: "config").map { ($0.key, $0.node.json) } } ?? [])
        // dbt's exposure fields, with its defaults: an owner always has a name and email.
        let given = Dictionary(try document.mapping(entry, what: "exposure").map { ($0.key, $0.node.json) }, uniquingKeysWith: { first, _ in first })
        exposure.properties = [("type", .string(type)), ("owner", GroupDefinition.filledOwner(given["owner"])), ("maturity", given["maturity"] ?? .null),
                               ("url", given["url"] ?? .null), ("label", given["label"] ?? .null),
                               ("meta", given["meta"] ?? .object([]))]
        return exposure
    }

    private mutating func readSource(_ entry: YAMLNode, in document: YAMLDocument) throws {
        guard let nameNode = entry["name"] else { throw document.error("each source needs a `name:`", at: entry) }
        let source = try document.string(nameNode, what: "source name")
        // dbt's default schema for a source is the source's name; lake.yml projects read `main`.
        let schema = try entry["schema"].map { try document.string($0, what: "schema") } ?? (sourceSchemaIsItsName ? source : "main")
        for table in try entry["tables"].map({ try document.list($0, what: "tables") }) ?? [] {
            guard let tableName = table["name"] else { throw document.error("each table needs a `name:`", at: table) }
            let name = try document.string(tableName, what: "table name")
            // lake's `location:`, or dbt-duckdb's meta.external_location / config.external_location.
            let location = try (table["location"] ?? table["meta"]?["external_location"] ?? table["config"]?["external_location"]
                ?? entry["meta"]?["external_location"]).map { try document.string($0, what: "location") }
                .map { $0.replacingOccurrences(of: "{name}", with: name).replacingOccurrences(of: "{identifier}", with: name) }
            var columns: [ColumnInfo] = []
            for column in try table["columns"].map({ try document.list($0, what: "columns") }) ?? [] {
                guard let columnName = column["name"] else { throw document.error("each column needs a `name:`", at: column) }
                let columnText = try document.string(columnName, what: "column name")
                columns.append(ColumnInfo(name: columnText, description: try column["description"].map { try document.string($0, what: "description") } ?? "", dataType: nil))
                try readTests(of: column, target: .source(source: source, table: name), column: columnText, in: document)
            }
            try readTests(of: table, target: .source(source: source, table: name), column: nil, in: document)
            var sourceTable = SourceTable(source: source, name: name,
                                       identifier: try table["identifier"].map { try document.string($0, what: "identifier") } ?? name,
                                       schema: schema, location: location,
                                       description: try table["description"].map { try document.string($0, what: "description") } ?? "",
                                       columns: columns)
            sourceTable.eventTime = try (table["config"]?["event_time"] ?? entry["config"]?["event_time"]).map { try document.string($0, what: "event_time") }
            // A table's own freshness rule, else its source's (as dbt merges them); null turns it off.
            let freshness = table["freshness"] ?? table["config"]?["freshness"] ?? entry["freshness"] ?? entry["config"]?["freshness"]
            sourceTable.freshness = freshness.flatMap { $0.isNull ? nil : $0.json }
            sourceTable.loadedAtField = try (table["loaded_at_field"] ?? table["config"]?["loaded_at_field"] ?? entry["loaded_at_field"]
                ?? entry["config"]?["loaded_at_field"]).map { try document.string($0, what: "loaded_at_field") }
            sourceTable.folders = folders
            sourceTable.file = document.path
            sourceTable.package = package
            sourceTable.sourceDescription = try entry["description"].map { try document.string($0, what: "description") } ?? ""
            func tags(_ node: YAMLNode) throws -> [String] {
                var found: [String] = []
                for value in [node["tags"], node["config"]?["tags"]].compactMap({ $0 }) {
                    found += try value.text.map { [$0] } ?? document.strings(value, what: "tags")
                }
                return found
            }
            func meta(_ node: YAMLNode) -> [(String, JSONValue)] {
                [node["meta"], node["config"]?["meta"]].compactMap { value -> [(String, JSONValue)]? in
                    if case .object(let pairs)? = value?.json { return pairs } else { return nil }
                }.flatMap { $0 }
            }
            for tag in try tags(entry) + tags(table) where !sourceTable.tags.contains(tag) { sourceTable.tags.append(tag) }
            var merged = meta(entry)
            for (key, value) in meta(table) {
                if let index = merged.firstIndex(where: { $0.0 == key }) { merged[index].1 = value } else { merged.append((key, value)) }
            }
            sourceTable.meta = .object(merged)
            sourceTable.sourceMeta = .object(meta(entry))
            sources.append(sourceTable)
        }
    }

    /// `tests:` / `data_tests:` under a model, column or source table.
    private mutating func readTests(of owner: YAMLNode, target: TestTarget, column: String?, in document: YAMLDocument) throws {
        for key in Self.testListKeys {
            guard let list = owner[key] else { continue }
            for item in try document.list(list, what: key) {
                let testName: String
                var arguments: [(String, JSONValue)] = []
                var config: [(String, JSONValue)] = []
                if let text = item.text, !item.isNull {
                    testName = text
                } else if let entries = item.entries, entries.count == 1 {
                    testName = entries[0].key
                    for (argument, value, _) in try document.mapping(entries[0].node, what: "test arguments") {
                        if argument == "config" {
                            config += try document.mapping(value, what: "config").map { ($0.key, $0.node.json) }
                        } else if argument == "arguments" {
                            arguments += try document.mapping(value, what: "arguments").map { ($0.key, $0.node.json) }
                        } else if Self.testConfigKeys.contains(argument) {
                            config.append((argument, value.json))
                        } else {
                            arguments.append((argument, value.json))
                        }
                    }
                } else {
                    throw document.error("a test is a name, or a mapping of one name to its arguments", at: item)
                }
                // `pkg.test` names a package's generic test; `dbt.` is the built-in ones' own package.
                let parts = testName.split(separator: ".", maxSplits: 1).map(String.init)
                let namespace = parts.count == 2 && parts[0] != "dbt" ? parts[0] : nil
                let bareName = parts.last ?? testName
                // dbt lets a test be named: `- accepted_values: {name: only_done, values: [...]}`.
                let givenName = arguments.first { $0.0 == "name" }?.1.stringValue
                arguments.removeAll { $0.0 == "name" }
                try checkArguments(test: namespace == nil ? bareName : testName, arguments: arguments, at: item, in: document)
                let synthesized = TestNaming.names(test: bareName, namespace: namespace, target: target, column: column, arguments: arguments)
                // Two tests may share a name (regexes `@[^.]*` and `&[^.]*` both become `___`):
                // their ids differ by the hash of their arguments, as in dbt.
                let name = givenName ?? synthesized.full
                if givenName == nil, synthesized.short != synthesized.full, !config.contains(where: { $0.0 == "alias" }) {
                    config.append(("alias", .string(synthesized.short)))
                }
                var definition = TestDefinition(name: name, kind: .generic(name: namespace.map { "\($0).\(bareName)" } ?? bareName, arguments: arguments),
                                                attachedTo: target, column: column, config: NodeConfig(config), path: document.path)
                definition.package = package
                definition.folders = folders
                tests.append((definition, item, document))
            }
        }
    }

    private func checkArguments(test: String, arguments: [(String, JSONValue)], at node: YAMLNode, in document: YAMLDocument) throws {
        func has(_ key: String) -> Bool { arguments.contains { $0.0 == key } }
        switch test {
        case "accepted_values":
            // A list, or Jinja that renders to one when the test compiles.
            guard let values = arguments.first(where: { $0.0 == "values" })?.1, values.arrayValue != nil || values.holdsJinja else {
                throw document.error("accepted_values needs `values:` (a list)", at: node)
            }
        case "relationships":
            guard has("to"), has("field") else { throw document.error("relationships needs `to:` (e.g. ref('machines')) and `field:`", at: node) }
        default: break
        }
    }
}
