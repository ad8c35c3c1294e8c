import TextSupport
import Foundation
import Synchronization
import LakeTemplates

/// Compiles one node's template with dbt's context: renders it once, recording its references and
/// configuration as it goes.
public struct NodeCompiler: Sendable {
    public let environment: TemplateEnvironment

    public init(environment: TemplateEnvironment) { self.environment = environment }

    /// Functions of dbt's context that dbt itself writes as macros of its global project.
    static let dbtMacroFunctions: Set<String> = ["is_incremental", "run_query", "statement"]

    public func compile(_ template: Template, context: CompileContext) throws -> CompiledNode {
        let recorder = CompileRecorder(baseConfig: context.baseConfig)
        let globals = DbtContext.globals(for: context, recorder: recorder, environment: environment)
        let sql = try environment.render(template, context: globals, searchOrder: context.macroDispatch.unqualifiedOrder,
                                         overrides: DbtContext.packageOverrides(for: context, environment: environment),
                                         onTopLevelCall: recordingMacros(in: recorder))
        return compiled(sql, recorder, docs: template.docs)
    }

    /// Calls a macro (a custom generic test, a snapshot's block) with dbt's context, recording what
    /// it references and the macros its body calls itself.
    public func compileCall(_ macro: MacroDefinition, arguments: CallArguments, context: CompileContext) throws -> CompiledNode {
        let recorder = CompileRecorder(baseConfig: context.baseConfig)
        let globals = DbtContext.globals(for: context, recorder: recorder, environment: environment)
        let sql = try environment.call(macro, arguments: arguments, context: globals, searchOrder: context.macroDispatch.unqualifiedOrder,
                                       overrides: DbtContext.packageOverrides(for: context, environment: environment),
                                       onTopLevelCall: recordingMacros(in: recorder)).rendered()
        return compiled(sql, recorder, docs: [:])
    }

    /// The macros `hooks` (SQL templates) call themselves, rendered in `context` as dbt's parser
    /// renders a node's hooks, in first-call order. A hook that does not render here adds none: it
    /// fails where it runs, with its error.
    public func macros(calledBy hooks: [String], file: String, context: CompileContext, lenientUndefined: Bool) -> [String] {
        var macros: [String] = []
        for hook in hooks where hook.contains("{") {
            guard let template = try? Template(name: file, text: hook, lenientUndefined: lenientUndefined),
                  let compiled = try? compile(template, context: context) else { continue }
            macros += compiled.macros.filter { !macros.contains($0) }
        }
        return macros
    }

    /// Records each call that is one of dbt's macros by dbt's id (`macro.<package>.<name>`): a
    /// registered macro, or a function of lake's that dbt writes as a macro of its global project.
    private func recordingMacros(in recorder: CompileRecorder) -> (TopLevelCall) -> Void {
        { call in
            switch call {
            case .macro(let macro):
                if let name = environment.registeredName(of: macro) { recorder.called(macro: NodeID.macro(package: name.package, name: name.name)) }
            case .function(let name):
                if Self.dbtMacroFunctions.contains(name) { recorder.called(macro: NodeID.macro(package: DbtBuiltinMacros.package, name: name)) }
            }
        }
    }

    private func compiled(_ sql: String, _ recorder: CompileRecorder, docs: [String: String]) -> CompiledNode {
        var compiled = CompiledNode(sqlTemplate: sql, references: recorder.references, config: recorder.config, logs: recorder.logs, docs: docs)
        compiled.macros = recorder.macros
        return compiled
    }
}

/// The names dbt puts in front of every model.
enum DbtContext {
    /// The finished globals, for functions that render text with them (a var holding Jinja).
    /// Set once, after every global is in place; read when such a function is called.
    final class GlobalsBox: Sendable {
        private let stored = Mutex<[String: Value]>([:])
        var values: [String: Value] {
            get { stored.withLock { $0 } }
            set { stored.withLock { $0 = newValue } }
        }
    }

    /// A unit test's macro overrides (`x` or `pkg.x`, each a value the macro returns), as dbt's
    /// generate_runtime_unit_test_context places them: `package` is nil for an unqualified one.
    static func macroOverrides(of context: CompileContext) -> [(package: String?, name: String, value: Value)] {
        context.macroOverrides.sorted { $0.key < $1.key }.map { key, value in
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let name = parts.last ?? key
            return (parts.count == 2 ? parts[0] : nil, name, .function(Function(name) { _ in value.templateValue }))
        }
    }

    /// The overrides as their packages' replacements: `pkg.x` in pkg, and an unqualified `x` in
    /// dbt's own namespace too when dbt has an `x` (dbt propagates it there).
    static func packageOverrides(for context: CompileContext, environment: TemplateEnvironment) -> [String: [String: Value]] {
        var overrides: [String: [String: Value]] = [:]
        for (package, name, value) in macroOverrides(of: context) {
            let dbtHasIt = environment.macro(named: name, in: DbtBuiltinMacros.package) != nil
            guard let target = package ?? (dbtHasIt ? DbtBuiltinMacros.package : nil) else { continue }
            overrides[target, default: [:]][name] = value
        }
        return overrides
    }

    static func globals(for context: CompileContext, recorder: CompileRecorder, environment: TemplateEnvironment) -> [String: Value] {
        var globals: [String: Value] = [:]
        let finished = GlobalsBox()

        globals["ref"] = .function(Function("ref") { arguments in
            try arguments.check(accepts: ["package_or_name", "name", "version", "v"])
            let first = try arguments.string(0, "package_or_name")
            let second = arguments.positional.count > 1 ? try arguments.string(1, "name") : nil
            var (package, name) = second.map { (Optional(first), $0) } ?? (nil, first)
            // A versioned model: the version asked for (v= or version=), else the latest.
            let asked = try arguments.keyword.first { $0.name == "v" || $0.name == "version" }.map { try $0.value.rendered() }
            if let versions = context.modelVersions[name] {
                let version = asked ?? versions.latest
                guard let node = versions.nodes[version] else {
                    throw TemplateFailure("ref('\(name)', v=\(version)): \(name) has versions \(versions.nodes.keys.sorted().joined(separator: ", "))")
                }
                name = node
            } else if let asked, !context.modelNames.isEmpty {
                throw TemplateFailure("ref('\(name)', v=\(asked)): \(name) is not a versioned model")
            }
            guard context.modelNames.isEmpty || context.modelNames.contains(name) else {
                throw TemplateFailure("ref('\(name)'): no model named '\(name)'\(EditDistance.hint(name, among: Array(context.modelNames)))")
            }
            if let package, let owner = context.modelPackages[name], owner != package {
                throw TemplateFailure("ref('\(package)', '\(name)'): '\(name)' is a model of \(owner), not of \(package)")
            }
            let placeholder = recorder.placeholder(for: .model(package: package, name: name))
            let relation = context.relationNamed(name)
            return .object(RelationObject(identifier: relation?.identifier ?? name, schema: relation?.schema ?? context.target.schema,
                                          database: context.target.databaseName) { placeholder })
        })

        globals["source"] = .function(Function("source") { arguments in
            try arguments.check(accepts: ["source_name", "table_name"])
            let source = try arguments.string(0, "source_name"), table = try arguments.string(1, "table_name")
            if context.declaredSourcesOnly {
                guard let tables = context.sources[source] else {
                    let hint = EditDistance.closest(to: source, among: Array(context.sources.keys)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw TemplateFailure("source('\(source)', '\(table)'): no source named '\(source)'\(hint)")
                }
                guard tables.contains(table) else {
                    let hint = EditDistance.closest(to: table, among: Array(tables)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw TemplateFailure("source('\(source)', '\(table)'): source '\(source)' has no table '\(table)'\(hint)")
                }
            }
            let placeholder = recorder.placeholder(for: .source(source: source, table: table))
            return .object(RelationObject(identifier: table, schema: context.target.schema, database: context.target.databaseName) { placeholder })
        })

        let this = context.relationNamed(context.nodeName)
        globals["this"] = .object(RelationObject(identifier: this?.identifier ?? context.nodeName, schema: this?.schema ?? context.target.schema,
                                              database: context.target.databaseName) {
            recorder.placeholder(for: .this)
        })
        globals["config"] = .object(ConfigObject(recorder: recorder))
        if let model = context.model { globals["model"] = model }

        // lake's: the rows of a model's table inserted or deleted since this model last read it, with
        // DuckLake's change_type ('insert', 'delete', 'update_preimage', 'update_postimage'),
        // snapshot_id and rowid in front of the table's columns. Resolved when the model runs; see
        // ChangeWindow for what it reads when lake cannot tell what changed.
        globals["changes"] = .function(Function("changes") { arguments in
            try arguments.check(accepts: ["relation"])
            guard let relation = arguments.value(0, "relation"), case .object(let object) = relation, let model = object as? RelationObject,
                  case .model(_, let name)? = recorder.reference(renderedAs: model.rendered) else {
                throw TemplateFailure("changes() takes a model's ref(), e.g. changes(ref('bronze_jobs'))")
            }
            return .string(recorder.placeholder(for: .changes(model: name)))
        })

        globals["var"] = .function(Function("var") { arguments in
            let name = try arguments.string(0, "name")
            if let value = context.variables[name] {
                // dbt renders a var's Jinja when it is read (`get_rendered_var`), with the node's context.
                if case .string(let text) = value, text.contains("{{") || text.contains("{%") {
                    return .string(try environment.render(Template(name: "var('\(name)')", text: text, lenientUndefined: true), context: finished.values,
                                                          searchOrder: context.macroDispatch.unqualifiedOrder))
                }
                return value.templateValue
            }
            if let fallback = arguments.value(1, "default") { return fallback }
            throw TemplateFailure("required var '\(name)' is not set: add it under `vars:` in \(context.target.projectFile) or pass --vars '{\(name): …}'")
        })

        globals["env_var"] = .function(Function("env_var") { arguments in
            let name = try arguments.string(0, "var")
            // dbt's rule: a secret may configure a connection (profiles.yml), never reach SQL that is
            // stored in the catalog, in target/ or on the docs page.
            if name.hasPrefix(SecretScrubbing.prefix) {
                throw TemplateFailure("env_var('\(name)'): secret environment variables (\(SecretScrubbing.prefix)…) are allowed only in "
                    + "profiles.yml, never in models, tests, macros or hooks")
            }
            if let value = context.environment[name] { return .string(value) }
            if let fallback = arguments.value(1, "default") { return fallback }
            throw TemplateFailure("env_var('\(name)'): the environment variable is not set and no default was given")
        })

        globals["is_incremental"] = .function(Function("is_incremental") { _ in
            if let forced = context.incrementalOverride { return .bool(forced) }
            // dbt's incremental models, and lake's incremental external files (materialized external, incremental: true).
            let config = recorder.effectiveConfig
            let incremental = config.materialized == "incremental" || (config.materialized == "external" && config["incremental"]?.boolValue == true)
            // dbt's `full_refresh: false`: the model stays incremental under --full-refresh.
            let refreshing = context.fullRefresh && config["full_refresh"]?.boolValue != false
            return .bool(incremental && context.relationExists && !refreshing)
        })

        globals["log"] = .function(Function("log") { arguments in
            let message = try arguments.required(0, "msg").rendered()
            recorder.logs.append(message)
            if try arguments.value(1, "info")?.isTruthy() == true { show(message) }
            return .string("")
        })
        // dbt's print returns "", so `{{ print(x) }}` adds nothing to the SQL.
        globals["print"] = .function(Function("print") { arguments in
            let message = try arguments.required(0, "msg").rendered()
            recorder.logs.append(message)
            show(message)
            return .string("")
        })

        globals["exceptions"] = .object(AttributeObject("exceptions", [
            "raise_compiler_error": .function(Function("raise_compiler_error") { arguments in
                throw TemplateFailure("compilation error: " + (try arguments.required(0, "msg").rendered()))
            }),
            "warn": .function(Function("warn") { arguments in
                let message = "warning: " + (try arguments.required(0, "msg").rendered())
                recorder.logs.append(message)
                show(message)
                return .string("")
            }),
        ]))

        globals["adapter"] = .object(AttributeObject("adapter", [
            "quote": .function(Function("quote") { arguments in .string(Relation.quote(try arguments.string(0, "identifier"))) }),
            "type": .function(Function("type") { _ in .string("duckdb") }),
            // dbt's catalog questions, answered from DuckDB when the node runs (empty while parsing;
            // a relation that does not exist has no columns, as in dbt).
            "get_columns_in_relation": .function(Function("get_columns_in_relation") { arguments in
                let relation = try arguments.required(0, "relation")
                guard context.execute else { return .list([]) }
                guard let table = try? query("DESCRIBE SELECT * FROM \(try relation.rendered())") else { return .list([]) }
                let names = table.rows.map { $0[0].stringValue ?? "" }, types = table.rows.map { $0[1].stringValue ?? "" }
                return .list(zip(names, types).map { .object(ColumnObject(name: $0, dataType: $1)) })
            }),
            "get_relation": .function(Function("get_relation") { arguments in
                try arguments.check(accepts: ["database", "schema", "identifier"])
                guard context.execute else { return .none }
                let schema = try arguments.string(1, "schema"), identifier = try arguments.string(2, "identifier")
                let found = try query("""
                    SELECT table_type FROM information_schema.tables
                    WHERE table_catalog = current_database() AND lower(table_schema) = lower(\(Relation.literal(schema)))
                      AND lower(table_name) = lower(\(Relation.literal(identifier)))
                    """)
                guard let type = found.rows.first?.first?.stringValue else { return .none }
                let text = Relation(schema: schema, identifier: identifier).description
                return .object(RelationObject(identifier: identifier, schema: schema, database: context.target.databaseName,
                                          kind: type == "VIEW" ? "view" : "table") { text })
            }),
            // dbt's schema methods (elementary's on-run-start asks them), on the warehouse when
            // the node runs; while parsing, no schema exists and nothing is created or dropped.
            "check_schema_exists": .function(Function("check_schema_exists") { arguments in
                try arguments.check(accepts: ["database", "schema"])
                guard context.execute else { return .bool(false) }
                let schema = try arguments.string(1, "schema")
                let found = try query("SELECT count(*) FROM information_schema.schemata WHERE \(catalog(arguments.value(0, "database")))"
                                      + " AND lower(schema_name) = lower(\(Relation.literal(schema)))")
                return .bool((found.rows.first?.first?.intValue ?? 0) > 0)
            }),
            "list_schemas": .function(Function("list_schemas") { arguments in
                try arguments.check(accepts: ["database"])
                guard context.execute else { return .list([]) }
                let found = try query("SELECT DISTINCT schema_name FROM information_schema.schemata WHERE \(catalog(arguments.value(0, "database"))) ORDER BY 1")
                return .list(found.rows.map { .string($0[0].stringValue ?? "") })
            }),
            "create_schema": .function(Function("create_schema") { arguments in
                try arguments.check(accepts: ["relation"])
                if context.execute { _ = try query("CREATE SCHEMA IF NOT EXISTS \(try schemaName(arguments.required(0, "relation")))") }
                return .none
            }),
            "drop_schema": .function(Function("drop_schema") { arguments in
                try arguments.check(accepts: ["relation"])
                if context.execute { _ = try query("DROP SCHEMA IF EXISTS \(try schemaName(arguments.required(0, "relation"))) CASCADE") }
                return .none
            }),
            // dbt's adapter.commit(): lake commits a node's work when the node ends (all of it or
            // none), and an on-run hook's statements as they run, so there is nothing to do here.
            "commit": .function(Function("commit") { _ in .none }),
            "drop_relation": .function(Function("drop_relation") { arguments in
                try arguments.check(accepts: ["relation"])
                let relation = try arguments.required(0, "relation")
                guard context.execute else { return .none }
                // A relation whose type is not known may be either: DuckDB drops only the matching kind.
                let type = try relation.member("type").flatMap { $0.isNone ? nil : try $0.rendered() }
                for kind in type == "view" ? ["VIEW"] : type == "table" ? ["TABLE"] : ["TABLE", "VIEW"] {
                    _ = try? query("DROP \(kind) IF EXISTS \(try relation.rendered()) CASCADE")
                }
                return .none
            }),
            "dispatch": .function(Function("dispatch") { arguments in
                try arguments.check(accepts: ["macro_name", "macro_namespace", "packages"])
                if arguments.value(2, "packages") != nil {
                    throw TemplateFailure("adapter.dispatch's `packages` argument was removed in dbt 1.0: use macro_namespace and the project's dispatch config")
                }
                let namespace = arguments.value(1, "macro_namespace").flatMap { $0.isNone ? nil : $0 }
                let namespaceText = try namespace.map { value -> String in
                    guard case .string(let text) = value else {
                        throw TemplateFailure("In adapter.dispatch, got a \(value.typeName) macro_namespace argument, but macro_namespace should be None or a string.")
                    }
                    return text
                }
                let macro = try context.macroDispatch.resolve(try arguments.string(0, "macro_name"), namespace: namespaceText, in: environment)
                return environment.callable(macro)
            }),
        ]))
        // dbt's api.Relation.create(database=, schema=, identifier=, type=): a relation that renders
        // as the parts given, quoted (codegen makes a schema's relation so, without an identifier).
        let createRelation = Function("create") { arguments in
            try arguments.check(accepts: ["database", "schema", "identifier", "type"])
            func part(_ position: Int, _ name: String) throws -> String? {
                try arguments.value(position, name).flatMap { $0.isNone || $0.isUndefined ? nil : try $0.rendered() }
            }
            let database = try part(0, "database"), schema = try part(1, "schema"), identifier = try part(2, "identifier"), type = try part(3, "type")
            let text = [database, schema, identifier].compactMap { $0 }.filter { !$0.isEmpty }.map(Relation.quote).joined(separator: ".")
            return .object(RelationObject(identifier: identifier ?? "", schema: schema ?? "", database: database, kind: type) { text })
        }
        globals["api"] = .object(AttributeObject("api", ["Column": .object(ColumnTypeObject()),
                                                         "Relation": .object(AttributeObject("Relation", ["create": .function(createRelation)]))]))
        globals["flags"] = .object(AttributeObject("flags", [
            "FULL_REFRESH": .bool(context.fullRefresh), "STORE_FAILURES": .bool(false), "WHICH": .string(context.which), "EMPTY": .bool(context.empty),
        ]))
        globals["project_name"] = .string(context.macroDispatch.rootPackage)
        globals["dbt_version"] = .string(DbtBuiltinMacros.dbtVersion)
        // dbt's local_md5: the MD5 of a text, as hex (elementary keys its artifacts' rows with it).
        globals["local_md5"] = .function(Function("local_md5") { arguments in .string(MD5.hex(try arguments.string(0, "value"))) })

        globals["target"] = context.target.templateValue

        globals["modules"] = .object(AttributeObject("modules", [
            "datetime": PythonDateTime.module, "pytz": PythonDateTime.pytz, "re": PythonRegex.module, "itertools": PythonItertools.module,
        ]))

        /// Runs SQL against the warehouse with this template's references resolved (`this` is the
        /// model being rendered; the caller's linker knows every other name).
        /// Text with the relations its refs, sources and `this` name, before the project is linked.
        func linked(_ text: String) -> String {
            Placeholder.substitute(in: text, references: recorder.references) { reference in
                if case .this = reference { return context.relationNamed(context.nodeName)?.description
                    ?? Relation(schema: context.target.schema, identifier: context.nodeName).description }
                return context.linkForQuery(reference)
            }
        }
        /// The condition on information_schema's catalog_name for a `database` argument (none: the current one).
        func catalog(_ database: Value?) throws -> String {
            guard let database, !database.isNone else { return "catalog_name = current_database()" }
            return "lower(catalog_name) = lower(\(Relation.literal(try database.rendered())))"
        }
        /// A relation's schema, quoted, with its database when it names one.
        func schemaName(_ relation: Value) throws -> String {
            guard let schema = try relation.member("schema"), !schema.isNone else {
                throw TemplateFailure("the relation has no schema")
            }
            let database = try relation.member("database").flatMap { $0.isNone ? nil : try $0.rendered() }
            return (database.map { Relation.quote($0) + "." } ?? "") + Relation.quote(try schema.rendered())
        }
        /// A line dbt shows as it happens, its relations named.
        func show(_ message: String) { context.show?(linked(message)) }
        func query(_ sql: String) throws -> QueryTable {
            guard let runQuery = context.runQuery else {
                throw TemplateFailure("run_query() needs a warehouse, and none is open for this command")
            }
            do {
                return try runQuery(linked(sql))
            } catch let failure as TemplateFailure {
                throw failure
            } catch {
                // The warehouse's message, placed at the call in the template.
                throw TemplateFailure("run_query failed: \(error)")
            }
        }

        // dbt's statement block: `{% call statement('name', fetch_result=True) %}SQL{% endcall %}` runs
        // the SQL (only when executing) and keeps its rows for `load_result('name')`.
        globals["statement"] = .function(Function("statement", invoking: { arguments, invoker in
            let name = try arguments.value(0, "name").map { try $0.rendered() } ?? "main"
            guard context.execute, let caller = arguments.keyword.first(where: { $0.name == "caller" })?.value else { return .string("") }
            let sql = try invoker.call(caller, CallArguments(callee: "caller")).rendered()
            let table = try query(sql)
            if try arguments.value(1, "fetch_result")?.isTruthy() == true { recorder.statements[name] = table }
            return .string("")
        }))
        globals["load_result"] = .function(Function("load_result") { arguments in
            guard let table = recorder.statements[try arguments.string(0, "name")] else { return .none }
            let rows = table.rows.map { Value.list($0.map(\.templateValue), isTuple: true) }
            return .dict([("table", .object(QueryTableObject(table, show: show))), ("data", .list(rows)),
                          ("response", .dict([("rows_affected", .int(table.rows.count)), ("code", .string("OK"))]))])
        })

        globals["run_query"] = .function(Function("run_query") { arguments in
            // dbt: while parsing nothing runs, and run_query returns none.
            guard context.execute else { return .none }
            return .object(QueryTableObject(try query(try arguments.string(0, "sql")), show: show))
        })
        globals["execute"] = .bool(context.execute)
        // dbt's py_current_timestring(): now as digits, which dbt-duckdb appends to temporary names.
        globals["py_current_timestring"] = .function(Function("py_current_timestring") { _ in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyyMMddHHmmssSSSSSS"
            return .string(formatter.string(from: Date()))
        })
        globals["zip"] = .function(Function("zip") { arguments in
            let lists = try arguments.positional.map { try $0.iterate() }
            let count = lists.map(\.count).min() ?? 0
            return .list((0..<count).map { index in .list(lists.map { $0[index] }, isTuple: true) })
        })
        globals["tojson"] = .function(Function("tojson") { arguments in
            .string(JSONWriter.write(try JSONValue(try arguments.required(0, "value"))))
        })
        for (name, value) in context.extraGlobals { globals[name] = value.templateValue }
        for (name, value) in context.sharedValues { globals[name] = value }
        // A unit test's macro overrides: an unqualified one (or dbt's own, `dbt.x`) as a global, as
        // dbt's generate_runtime_unit_test_context sets them; `pkg.x` in its package (packageOverrides).
        for (package, name, value) in macroOverrides(of: context) where package == nil || package == DbtBuiltinMacros.package {
            globals[name] = value
        }
        // dbt's set() and set_strict(): a Python set (its items in first-seen order here); set()
        // of what cannot be iterated is its `default`, set_strict()'s an error.
        globals["set"] = .function(Function("set") { arguments in
            guard let items = try? arguments.required(0, "value").iterate() else { return arguments.value(1, "default") ?? .none }
            return .set(items)
        })
        globals["set_strict"] = .function(Function("set_strict") { arguments in .set(try arguments.required(0, "value").iterate()) })
        finished.values = globals
        return globals
    }
}
