import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake compile`: renders every model and test to target/compiled/; with --select, prints them.
struct CompileCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "compile", abstract: "Render models and tests to SQL under target/compiled/ (printed with --select).",
                             arguments: ProjectOptions.definitions + RunOptionsArguments.selection + [RunOptionsArguments.vars.definition])
    }
    let project: ProjectLocation
    let options: RunOptions
    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        options = try RunOptionsArguments.options(parsed, scope: .everything)
    }
    func run() throws {
        let runner = try Runner(projectDirectory: project.directory, options: options)
        for notice in runner.project.notices { StandardError.write("Note: \(notice)\n") }
        let compiled = try runner.compile()
        if !options.select.isEmpty {
            for (node, sql) in compiled { print("-- \(node.uniqueId)\n\(sql)\n") }
        } else {
            print("Compiled \(compiled.count) node\(compiled.count == 1 ? "" : "s") to target/compiled/.")
        }
    }
}

/// `lake ls`: the project's nodes, their type and materialization.
struct ListCommand: ParsableCommand {
    enum Output: String, CaseIterable, ArgumentValue { case text, json, name, path }
    static let output = DefaultedOption<Output>("output", short: "o", valueName: "format",
                                       help: "text (name, type, materialization), json (a line per node), name or path (one per line).", default: .text)
    static let resourceType = MultiOption<String>("resource-type", valueName: "type",
                                                  help: "Only nodes of this type (dbt's): model, seed, test, source, snapshot, ml, exposure, saved_query; repeatable.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "ls", abstract: "List the project's nodes with their type and materialization.",
                             arguments: ProjectOptions.definitions + RunOptionsArguments.selection + [resourceType.definition, output.definition], aliases: ["list"])
    }
    let project: ProjectLocation
    let options: RunOptions
    let format: Output
    let types: Set<GraphNode.Kind>
    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        options = try RunOptionsArguments.options(parsed, scope: .everything)
        format = try parsed.value(Self.output)
        types = Set(try parsed.values(Self.resourceType).map { word in
            // dbt's `unit_test` and `data_test` are lake's tests.
            let name = ["unit_test": "test", "data_test": "test"][word] ?? word
            guard let kind = GraphNode.Kind(rawValue: name) else {
                throw UsageError.invalidValue(word, option: "--resource-type",
                                              expected: "one of " + GraphNode.Kind.allCases.map(\.rawValue).joined(separator: ", "), commandPath: parsed.commandPath)
            }
            return kind
        })
    }
    func run() throws {
        let runner = try Runner(projectDirectory: project.directory, options: options)
        for notice in runner.project.notices { StandardError.write("Note: \(notice)\n") }
        let nodes = try runner.list().filter { types.isEmpty || types.contains($0.kind) }
        switch format {
        case .text:
            let rows = nodes.map { NodeListing.Row(name: $0.name, kind: $0.kind.rawValue, materialization: $0.materialization) }
            for line in NodeListing.lines(rows, width: TerminalWidth.ofStandardOutput) { print(line) }
        case .name: for node in nodes { print(node.name) }
        case .path: for node in nodes { print(node.path) }
        case .json:
            for node in nodes {
                print(JSONWriter.write(.object([("unique_id", .string(node.uniqueId)), ("name", .string(node.name)),
                                                ("resource_type", .string(node.kind.rawValue)),
                                                ("materialized", .string(node.materialization)), ("path", .string(node.path)),
                                                ("tags", .array(node.tags.map(JSONValue.string))),
                                                ("depends_on", .array(node.dependsOn.map(JSONValue.string)))])))
            }
        }
    }
}
