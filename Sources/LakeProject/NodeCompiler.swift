import TextSupport
import Foundation
import LakeTemplates

/// Compiles one node's template with dbt's context: renders it once, recording its references and
/// configuration as it goes.
public struct NodeCompiler: Sendable {
    public let environment: TemplateEnvironment

    public init(environment: TemplateEnvironment) { self.environment = environment }

    public func compile(_ template: Template, context: CompileContext) throws -> CompiledNode {
        let recorder = CompileRecorder(baseConfig: context.baseConfig)
        let globals = DbtContext.globals(for: context, recorder: recorder)
        let sql = try environment.render(template, context: globals)
        return CompiledNode(sqlTemplate: sql, references: recorder.references, config: recorder.config,
                            logs: recorder.logs, docs: template.docs)
    }

    /// Calls a macro (a custom generic test) with dbt's context, recording what it references.
    public func compileCall(_ macro: MacroDefinition, arguments: CallArguments, context: CompileContext) throws -> CompiledNode {
        let recorder = CompileRecorder(baseConfig: context.baseConfig)
        let globals = DbtContext.globals(for: context, recorder: recorder)
        let sql = try environment.call(macro, arguments: arguments, context: globals).rendered()
        return CompiledNode(sqlTemplate: sql, references: recorder.references, config: recorder.config, logs: recorder.logs, docs: [:])
    }
}

/// The names dbt puts in front of every model.
enum DbtContext {
    static func globals(for context: CompileContext, recorder: CompileRecorder) -> [String: Value] {
        var globals: [String: Value] = [:]

        globals["ref"] = .function(Function("ref") { arguments in
            try arguments.check(accepts: ["package_or_name", "name", "version", "v"])
            let first = try arguments.string(0, "package_or_name")
            let second = arguments.positional.count > 1 ? try arguments.string(1, "name") : nil
            let (package, name) = second.map { (Optional(first), $0) } ?? (nil, first)
            guard context.modelNames.isEmpty || context.modelNames.contains(name) else {
                throw TemplateFailure("ref('\(name)'): no model named '\(name)'\(EditDistance.hint(name, among: Array(context.modelNames)))")
            }
            let placeholder = recorder.placeholder(for: .model(package: package, name: name))
            return .object(RelationObject(identifier: name, schema: context.target.schema) { placeholder })
        })

        globals["source"] = .function(Function("source") { arguments in
            try arguments.check(accepts: ["source_name", "table_name"])
            let source = try arguments.string(0, "source_name"), table = try arguments.string(1, "table_name")
            if !context.sources.isEmpty {
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
            return .object(RelationObject(identifier: table, schema: context.target.schema) { placeholder })
        })

        globals["this"] = .object(RelationObject(identifier: context.nodeName, schema: context.target.schema) {
            recorder.placeholder(for: .this)
        })
        globals["config"] = .object(ConfigObject(recorder: recorder))

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
            if let value = context.variables[name] { return value.templateValue }
            if let fallback = arguments.value(1, "default") { return fallback }
            throw TemplateFailure("required var '\(name)' is not set: add it under `vars:` in lake.yml or pass --vars '{\(name): …}'")
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
            // dbt's incremental models, and lake's incremental external files (materialized external, incremental: true).
            let config = recorder.effectiveConfig
            let incremental = config.materialized == "incremental" || (config.materialized == "external" && config["incremental"]?.boolValue == true)
            // dbt's `full_refresh: false`: the model stays incremental under --full-refresh.
            let refreshing = context.fullRefresh && config["full_refresh"]?.boolValue != false
            return .bool(incremental && context.relationExists && !refreshing)
        })

        globals["log"] = .function(Function("log") { arguments in
            recorder.logs.append(try arguments.required(0, "msg").rendered())
            return .string("")
        })

        globals["exceptions"] = .object(AttributeObject("exceptions", [
            "raise_compiler_error": .function(Function("raise_compiler_error") { arguments in
                throw TemplateFailure("compilation error: " + (try arguments.required(0, "msg").rendered()))
            }),
            "warn": .function(Function("warn") { arguments in
                recorder.logs.append("warning: " + (try arguments.required(0, "msg").rendered()))
                return .string("")
            }),
        ]))

        globals["adapter"] = .object(AttributeObject("adapter", [
            "quote": .function(Function("quote") { arguments in .string(Relation.quote(try arguments.string(0, "identifier"))) }),
            "type": .function(Function("type") { _ in .string("duckdb") }),
        ]))

        globals["target"] = .object(AttributeObject("target", [
            "name": .string(context.target.name),
            "type": .string("duckdb"),
            "schema": .string(context.target.schema),
            "database": .string(URL(fileURLWithPath: context.target.path).deletingPathExtension().lastPathComponent),
            "threads": .int(context.target.threads),
            "path": .string(context.target.path),
            "project_dir": .string(context.target.projectDirectory),
            "profile_name": .string("lake"),
        ]))

        globals["modules"] = .object(AttributeObject("modules", ["datetime": datetimeModule]))

        globals["run_query"] = .function(Function("run_query") { arguments in
            guard let runQuery = context.runQuery else {
                throw TemplateFailure("run_query() needs a warehouse, and none is open for this command")
            }
            // `this` is the model being compiled; the caller's linker knows every other name.
            let sql = Placeholder.substitute(in: try arguments.string(0, "sql"), references: recorder.references) { reference in
                if case .this = reference { return Relation(schema: context.target.schema, identifier: context.nodeName).description }
                return context.linkForQuery(reference)
            }
            do {
                return .object(QueryTableObject(try runQuery(sql)))
            } catch let failure as TemplateFailure {
                throw failure
            } catch {
                // The warehouse's message, placed at the run_query call in the template.
                throw TemplateFailure("run_query failed: \(error)")
            }
        })
        // dbt renders twice and sets `execute` false while parsing; lake renders once, for real.
        globals["execute"] = .bool(true)
        globals["zip"] = .function(Function("zip") { arguments in
            let lists = try arguments.positional.map { try $0.iterate() }
            let count = lists.map(\.count).min() ?? 0
            return .list((0..<count).map { index in .list(lists.map { $0[index] }, isTuple: true) })
        })
        globals["tojson"] = .function(Function("tojson") { arguments in
            .string(JSONWriter.write(try JSONValue(try arguments.required(0, "value"))))
        })
        return globals
    }

    static let datetimeModule: Value = .object(AttributeObject("module", [
        "datetime": .object(AttributeObject("type", [
            "now": .function(Function("now") { _ in .object(DateTimeObject(Date())) }),
            "utcnow": .function(Function("utcnow") { _ in .object(DateTimeObject(Date())) }),
        ])),
        "date": .object(AttributeObject("type", [
            "today": .function(Function("today") { _ in .object(DateTimeObject(Date(), dateOnly: true)) }),
        ])),
    ], rendered: "<module 'datetime'>"))
}
