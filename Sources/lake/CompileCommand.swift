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
    enum Output: String, CaseIterable, ArgumentValue { case text, json }
    static let output = Option<Output>("output", short: "o", valueName: "format", help: "How to print the list.", default: "text")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "ls", abstract: "List the project's nodes with their type and materialization.",
                             arguments: ProjectOptions.definitions + RunOptionsArguments.selection + [output.definition], aliases: ["list"])
    }
    let project: ProjectLocation
    let options: RunOptions
    let format: Output
    init(parsed: ParsedArguments) throws {
        project = try ProjectOptions.location(parsed)
        options = try RunOptionsArguments.options(parsed, scope: .everything)
        format = try parsed.value(Self.output, default: .text)
    }
    func run() throws {
        let runner = try Runner(projectDirectory: project.directory, options: options)
        for notice in runner.project.notices { StandardError.write("Note: \(notice)\n") }
        let nodes = try runner.list()
        switch format {
        case .text:
            let width = nodes.map(\.name.count).max() ?? 0
            for node in nodes {
                print(node.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                      + node.kind.rawValue.padding(toLength: max(8, node.kind.rawValue.count + 1), withPad: " ", startingAt: 0) + node.materialization)
            }
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
