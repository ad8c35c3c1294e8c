import Foundation
import TextSupport
import LakeProject
import LakeTemplates

/// target/manifest.json and target/run_results.json, shaped like dbt's so orchestrators can read them.
enum Artifacts {
    /// `started`: when the invocation began, which run_results.json records (with dbt's `env`).
    static func metadata(project: Project, invocation: String, generated: Date, schema: String, started: Date? = nil) -> JSONValue {
        .object([
            ("dbt_schema_version", .string("https://schemas.getdbt.com/dbt/\(schema).json")),
            ("dbt_version", .string("lake-\(LakeRunnerVersion.string)")),
            ("generated_at", .string(timestamp(generated))),
            ("invocation_id", .string(invocation)),
        ] + (started.map { [("invocation_started_at", .string(timestamp($0))), ("env", .object([]))] } ?? []) + [
            ("adapter_type", .string("duckdb")),
            ("project_name", .string(project.settings.name)),
        ])
    }

    static func manifest(project: Project, graph: ProjectGraph, linker: Linker, invocation: String, generated: Date) -> JSONValue {
        var nodes: [(String, JSONValue)] = [], sources: [(String, JSONValue)] = [], exposures: [(String, JSONValue)] = []
        var savedQueries: [(String, JSONValue)] = [], unitTests: [(String, JSONValue)] = []
        for id in graph.order {
            guard let node = graph.nodes[id] else { continue }
            if case .unit(let spec)? = node.test?.kind {
                unitTests.append((id, unitTest(node, spec: spec, graph: graph, linker: linker, project: project)))
                continue
            }
            if node.kind == .source, let table = node.source {
                // The source as dbt's graph holds it (paths, freshness, meta, …), with what only the
                // manifest says: its loader, how SQL reads it (a file's location too), its columns.
                let graphValue = node.templateValue(relation: linker.qualified(Relation(schema: table.schema, identifier: table.identifier)))
                sources.append((id, merged(graphValue, with: [
                    ("loader", .string("")), ("relation_name", .string(linker.sourceText(table))),
                    ("external_location", table.location.map(JSONValue.string) ?? .null), ("columns", columns(table.columns)),
                ])))
                continue
            }
            if node.kind == .savedQuery {
                savedQueries.append((id, .object([
                    ("unique_id", .string(id)), ("resource_type", .string("saved_query")), ("name", .string(node.name)),
                    ("package_name", .string(project.settings.name)), ("original_file_path", .string(node.path)),
                    ("path", .string(filePaths(node, project: project).relative)),
                    ("description", .string(node.description)), ("fqn", .array(node.fqn.map(JSONValue.string))),
                    // The semantic layer is not read (lake says so): its metrics and exports are left empty.
                    ("query_params", .object([("metrics", .array([])), ("group_by", .array([])), ("where", .null), ("order_by", .array([])), ("limit", .null)])),
                    ("exports", .array([])),
                ])))
                continue
            }
            if node.kind == .exposure {
                // As dbt's graph holds it: its type, owner, maturity and parents among the rest.
                exposures.append((id, merged(node.templateValue(), with: [])))
                continue
            }
            let paths = filePaths(node, project: project)
            var fields: [(String, JSONValue)] = [
                ("unique_id", .string(id)), ("resource_type", .string(node.kind.rawValue)), ("name", .string(node.dbtName)),
                ("package_name", .string(node.fqn.first ?? project.settings.name)),
                ("original_file_path", .string(paths.original)), ("path", .string(paths.relative)),
                ("fqn", .array(node.fqn.map(JSONValue.string))),
                ("depends_on", .object([("nodes", .array(node.dependsOn.map(JSONValue.string))),
                                        ("macros", .array(node.macroDependencies.map(JSONValue.string)))])),
                ("config", .object(node.configWithDefaults)), ("tags", .array(node.tags.map(JSONValue.string))),
                // dbt repeats the configured meta on the node.
                ("meta", node.config["meta"] ?? .object([])),
                ("description", .string(node.description)), ("columns", columns(node.columns)),
            ]
            // Only a model has a version (null when unversioned), as in dbt's manifest.
            if node.kind == .model {
                fields += [("version", node.version.map { .string($0.version) } ?? .null), ("latest_version", node.version.map { .string($0.latest) } ?? .null),
                           ("deprecation_date", node.deprecationDate.map(JSONValue.string) ?? .null)]
            }
            if node.kind != .test || node.relation != nil {
                let relation = linker.relation(of: node)
                let qualified = relation.qualified(by: project.settings.targetDatabaseName)
                fields += [("database", .string(qualified.database ?? "")), ("schema", .string(relation.schema)),
                           ("alias", .string(relation.identifier)),
                           ("relation_name", relationName(of: node, project: project, linker: linker).map(JSONValue.string) ?? .null)]
            }
            if let rawCode = node.rawCode, let checksum = node.checksum {
                fields += [("raw_code", .string(rawCode)), ("checksum", .object([("name", .string(checksum.name)), ("checksum", .string(checksum.checksum))]))]
            } else if let checksum = fileChecksum(node, project: project) {
                fields.append(("checksum", checksum))
            }
            if node.compiled != nil, let sql = try? linker.sql(for: node) { fields.append(("compiled_code", .string(sql))) }
            if let test = node.test, case .generic(let name, let arguments) = test.kind {
                fields.append(("test_metadata", .object([("name", .string(name)), ("kwargs", .object(test.dbtKeywordArguments(arguments)))])))
                fields.append(("attached_node", test.attachedTo.map { target -> JSONValue in
                    if case .model(let model) = target, let attached = graph.node(named: model) { return .string(attached.uniqueId) }
                    return .null
                } ?? .null))
            }
            nodes.append((id, .object(fields)))
        }
        let parentMap = graph.order.map { ($0, JSONValue.array((graph.nodes[$0]?.dependsOn ?? []).map(JSONValue.string))) }
        let childMap = graph.order.map { ($0, JSONValue.array((graph.children[$0] ?? []).sorted().map(JSONValue.string))) }
        return .object([
            ("metadata", metadata(project: project, invocation: invocation, generated: generated, schema: "manifest/v12")),
            ("nodes", .object(nodes)), ("sources", .object(sources)), ("exposures", .object(exposures)), ("saved_queries", .object(savedQueries)), ("macros", .object(macros(of: project))),
            ("docs", .object(docs(of: project))),
            ("parent_map", .object(parentMap)), ("child_map", .object(childMap)),
            ("groups", .object(project.groupDefinitions.map { group in
                let (id, value) = group.templateValue(package: project.settings.name)
                return (id, (try? JSONValue(value)) ?? .null)
            })),
            // What dbt's manifest schema holds that lake does not make: the semantic layer (lake
            // does not read it, and says so), disabled nodes, selectors.
            ("metrics", .object([])), ("semantic_models", .object([])), ("selectors", .object([])), ("disabled", .object([])),
            ("group_map", .object([])), ("unit_tests", .object(unitTests)),
        ])
    }

    /// A unit test as dbt's manifest lists it under `unit_tests`: its model, given inputs and
    /// expected rows as written (csv rows read into mappings, as dbt reads them), overrides.
    private static func unitTest(_ node: GraphNode, spec: UnitTestSpec, graph: ProjectGraph, linker: Linker, project: Project) -> JSONValue {
        func fixture(_ fixture: UnitTestSpec.Fixture) -> [(String, JSONValue)] {
            let (rows, format, file): (JSONValue, String, String?) = switch fixture.rows {
            case .dictionaries(let rows): (.array(rows.map { .object($0) }), "dict", nil)
            case .csv(let text):
                // dbt reads a csv fixture's rows into mappings of text.
                (.array(CSVRows.mappings(text).map { .object($0.map { ($0.0, .string($0.1)) }) }), "csv", nil)
            case .sql(let query): (.string(query), "sql", nil)
            case .file(let name, let format): (.null, format, name)
            }
            return (fixture.input.map { [("input", JSONValue.string($0))] } ?? []) + [("rows", rows), ("format", .string(format)), ("fixture", file.map(JSONValue.string) ?? .null)]
        }
        let model = graph.node(named: spec.model)
        let paths = filePaths(node, project: project)
        let overrides: JSONValue = spec.variables.isEmpty && spec.macros.isEmpty && spec.environment.isEmpty ? .null : .object([
            ("macros", .object(spec.macros.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
            ("vars", .object(spec.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
            ("env_vars", .object(spec.environment.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
        let definition: [(String, JSONValue)] = [
            ("model", .string(spec.model)), ("given", .array(spec.given.map { .object(fixture($0)) })), ("expect", .object(fixture(spec.expect))),
            ("name", .string(node.name)), ("resource_type", .string("unit_test")), ("package_name", .string(node.fqn.first ?? project.settings.name)),
            ("path", .string(paths.relative)), ("original_file_path", .string(paths.original)), ("unique_id", .string(node.uniqueId)),
            ("fqn", .array(node.fqn.map(JSONValue.string))),
            ("description", .string(node.description)), ("overrides", overrides),
            ("depends_on", .object([("macros", .array([])), ("nodes", .array(model.map { [JSONValue.string($0.uniqueId)] } ?? []))])),
            ("config", .object([("tags", .array(node.tags.map(JSONValue.string))), ("meta", node.config["meta"] ?? .object([])), ("enabled", .bool(true))])),
            ("schema", .string(model.map { linker.relation(of: $0).schema } ?? project.settings.targetSchema)),
            ("versions", .null), ("version", model?.version.map { .string($0.version) } ?? .null),
        ]
        return .object(definition + [("checksum", .string(SHA256.hex(JSONWriter.write(.object(definition)))))])
    }

    /// dbt's `checksum` of a node without SQL of its own: a seed's (a snapshot's, a singular test's) is the SHA-256 of its file's text (the
    /// path, over 1 MiB, as dbt does for big seeds); a generic test's is none.
    private static func fileChecksum(_ node: GraphNode, project: Project) -> JSONValue? {
        var singular = false
        if case .singular? = node.test?.kind { singular = true }
        if node.kind == .test && !singular { return .object([("name", .string("none")), ("checksum", .string(""))]) }
        switch node.kind {
        case .seed, .snapshot, .test:
            let path = project.path(node.path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return nil }
            if size > 1 << 20 { return .object([("name", .string("path")), ("checksum", .string(node.path))]) }
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            // Of the text stripped of leading and trailing whitespace, as dbt reads it.
            let checksum = String(data: data, encoding: .utf8).map { SHA256.hex($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? SHA256.hex(bytes: Array(data))
            return .object([("name", .string("sha256")), ("checksum", .string(checksum))])
        default:
            return nil
        }
    }

    /// dbt's `docs`: each block as `doc.<package>.<name>`, its path from its package's folder
    /// (`path` from the folder that holds it, as dbt's search paths give it).
    private static func docs(of project: Project) -> [(String, JSONValue)] {
        project.docs.sorted { $0.key < $1.key }.map { name, contents in
            let location = project.docLocations[name]
            let package = location?.package ?? project.settings.name
            let original = location.map { project.packageRelative($0.file, package: package) } ?? ""
            let id = "doc.\(package).\(name)"
            return (id, .object([
                ("name", .string(name)), ("resource_type", .string("doc")), ("package_name", .string(package)),
                ("path", .string(original.split(separator: "/").dropFirst().joined(separator: "/"))), ("original_file_path", .string(original)),
                ("unique_id", .string(id)), ("block_contents", .string(contents)),
            ]))
        }
    }

    /// A graph entry as JSON with `fields` put over it (replaced where the graph has them, added
    /// where it has not).
    private static func merged(_ graphValue: Value, with fields: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var pairs)? = try? JSONValue(graphValue) else { return .object(fields) }
        for (key, value) in fields {
            if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = value } else { pairs.append((key, value)) }
        }
        return .object(pairs)
    }

    /// Where a node's rows are, as dbt writes `relation_name`, qualified by the database too
    /// ("dev"."main"."orders"): a test has one only where it stores its failures, an ephemeral
    /// model never.
    static func relationName(of node: GraphNode, project: Project, linker: Linker) -> String? {
        guard node.kind != .test || node.relation != nil else { return nil }
        let stored = node.kind == .test ? node.config["store_failures"]?.boolValue == true : node.config.materialized != "ephemeral"
        return stored ? linker.relation(of: node).qualified(by: project.settings.targetDatabaseName).description : nil
    }

    static func runResults(project: Project, graph: ProjectGraph, linker: Linker, results: [NodeResult], seconds: Double, invocation: String,
                           started: Date, generated: Date, arguments: [(String, JSONValue)]) -> JSONValue {
        .object([
            ("metadata", metadata(project: project, invocation: invocation, generated: generated, schema: "run-results/v6", started: started)),
            ("results", .array(results.map { result in
                // What dbt's RunResultOutput holds besides: whether the node compiled (a model's, a
                // snapshot's or a test's SQL; a seed has none) and where its rows are (a seed's is
                // left out, as dbt leaves it).
                let node = graph.nodes[result.uniqueId]
                let compiles = node.map { [.model, .snapshot, .test].contains($0.kind) } ?? false
                let relation = node.flatMap { $0.kind == .seed ? nil : relationName(of: $0, project: project, linker: linker) }
                return JSONValue.object(runResult(result) + [
                    ("compiled", compiles && result.status != .skipped ? .bool(true) : .null),
                    ("relation_name", relation.map(JSONValue.string) ?? .null),
                    ("batch_results", .null),
                ])
            })),
            ("elapsed_time", .double((seconds * 1e6).rounded() / 1e6)),
            ("args", .object(arguments)),
        ])
    }

    /// One result as run_results.json (and on-run-end's `results`) hold it.
    static func runResult(_ result: NodeResult) -> [(String, JSONValue)] {
        [
            ("unique_id", .string(result.uniqueId)), ("status", .string(result.status.rawValue)),
            // dbt's two phases; lake renders a node as it starts it, so its compile takes no time of its own.
            ("timing", .array([.object([("name", .string("compile")), ("started_at", .string(timestamp(result.started))),
                                        ("completed_at", .string(timestamp(result.started)))]),
                               .object([("name", .string("execute")), ("started_at", .string(timestamp(result.started))),
                                        ("completed_at", .string(timestamp(result.finished)))])])),
            ("thread_id", .string("lake-worker")), ("execution_time", .double((result.seconds * 1e6).rounded() / 1e6)),
            ("adapter_response", .object(adapterResponse(result))),
            ("message", message(result).map(JSONValue.string) ?? .null),
            ("failures", result.failures.map(JSONValue.int) ?? .null),
            ("compiled_code", result.sql.map(JSONValue.string) ?? .null),
        ]
    }

    /// dbt-duckdb's status text of what ran: a seed's "INSERT n", "OK" for the rest (a hook, or a
    /// node that failed or was skipped, has none).
    private static func adapterStatus(_ result: NodeResult) -> String? {
        guard !NodeID.isOperation(result.uniqueId), result.status != .error, result.status != .skipped else { return nil }
        if result.uniqueId.hasPrefix("seed."), let rows = result.rows { return "INSERT \(rows)" }
        return "OK"
    }

    /// A result's message as dbt-duckdb writes it: none for a skipped node; lake's when it noted something, else a
    /// success's status text (a model's "OK", a seed's "INSERT n"); a passing test has none.
    private static func message(_ result: NodeResult) -> String? {
        // dbt records no message for a node it skipped (lake's console says why).
        if result.status == .skipped, !NodeID.isOperation(result.uniqueId) { return nil }
        if !result.message.isEmpty { return result.message }
        return result.status == .success ? adapterStatus(result) : nil
    }

    /// dbt's adapter_response, with what lake adds: time spent waiting for the writer's turn, and
    /// the snapshot after which a test checked only the changed rows.
    private static func adapterResponse(_ result: NodeResult) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = []
        if let status = adapterStatus(result) {
            fields.append(("_message", .string(status)))
            if status.hasPrefix("INSERT") { fields.append(("code", .string("INSERT"))) }
        }
        if let rows = result.rows { fields.append(("rows_affected", .int(rows))) }
        if result.secondsWaiting > 0 { fields.append(("lake_seconds_waiting_for_writer", .double((result.secondsWaiting * 1000).rounded() / 1000))) }
        if let since = result.changesSince { fields.append(("lake_checked_changes_since_snapshot", .int(since))) }
        return fields
    }

    /// dbt's `macros`: the root project's and each installed package's (generic tests as
    /// `test_<name>`), each with its SQL, arguments and the properties a schema file gives it.
    /// dbt also lists its own global project's and dbt-duckdb's, which lake does not ship as dbt
    /// writes them; a macro's `depends_on.macros` is left empty.
    static func macros(of project: Project) -> [(String, JSONValue)] {
        var entries: [(String, JSONValue)] = []
        for package in [project.settings.name] + project.macros.packages.map(\.name).sorted() {
            for (name, macro) in project.macros.environment.macros(in: package).sorted(by: { $0.key < $1.key }) {
                let id = NodeID.macro(package: package, name: name)
                // A package's paths are relative to its own folder, as dbt writes them.
                func relative(_ file: String) -> String { project.packageRelative(file, package: package) }
                let path = relative(macro.file)
                let properties = project.macroProperties.first { $0.package == package && $0.name == name }
                let arguments: [JSONValue] = properties?.arguments.map { argument in
                    .object([("name", .string(argument.name)), ("type", argument.type.map(JSONValue.string) ?? .null),
                             ("description", .string(argument.description))])
                } ?? []
                entries.append((id, .object([
                    ("name", .string(name)), ("resource_type", .string("macro")), ("package_name", .string(package)),
                    ("path", .string(path)), ("original_file_path", .string(path)), ("unique_id", .string(id)),
                    ("macro_sql", .string(macro.text)), ("depends_on", .object([("macros", .array([]))])),
                    ("description", .string(properties?.description ?? "")), ("meta", properties?.meta ?? .object([])),
                    ("docs", .object([("show", .bool(properties?.showInDocs ?? true)), ("node_color", .null)])),
                    ("patch_path", properties.map { .string("\(package)://" + relative($0.file)) } ?? .null),
                    ("arguments", .array(arguments)), ("supported_languages", .null),
                ])))
            }
        }
        return entries
    }

    /// Writes `value` to `path` through a temporary file, so a reader never sees half a file.
    static func write(_ value: JSONValue, to path: String) throws {
        try AtomicFile.write(SecretScrubbing.scrub(JSONWriter.write(value, indent: 2) + "\n"), to: path)
    }

    private static func columns(_ columns: [ColumnInfo]) -> JSONValue {
        .object(columns.map { ($0.name, .object([("name", .string($0.name)), ("description", .string($0.description)),
                                                 ("data_type", $0.dataType.map(JSONValue.string) ?? .null)])) })
    }

    /// dbt's two paths of a node's file: `original_file_path` from its own project's root (a
    /// package's from the package's folder, not the root project's), and `path` from the model,
    /// seed or test folder that holds it.
    static func filePaths(_ node: GraphNode, project: Project) -> (original: String, relative: String) {
        let original = node.originalFilePath
        var folders = project.settings.modelPaths + project.settings.seedPaths + project.settings.testPaths + project.settings.snapshotPaths
        if node.packageFolder != nil, let package = project.macros.packages.first(where: { $0.name == node.fqn.first }) {
            folders = package.modelPaths + package.seedPaths + package.testPaths
        }
        // A generic test's path is the SQL dbt compiles it to, named after it, not its YAML file.
        if case .generic? = node.test?.kind { return (original, node.name + ".sql") }
        let relative = folders.first { original.hasPrefix($0 + "/") }.map { String(original.dropFirst($0.count + 1)) } ?? original
        return (original, relative)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// lake's version, in one place: the CLI prints it, artifacts and trained models record it.
public enum LakeRunnerVersion {
    public static let string = "0.1.0"
}
