import LakeCommandLine
import LakeKit

/// `lake query SQL`: ad-hoc SQL against the warehouse, read-only.
struct QueryCommand: ParsableCommand {
    static let sql = Positional<String>("sql", help: "The statement to run.")
    static let format = Option<ResultFormatter.Format>("format", short: "f", valueName: "format",
                                                        help: "How to print the rows.", default: "table")
    static let warehouse = Option<String>("warehouse", valueName: "file",
                                          help: "The DuckDB file to query (default: the project's warehouse).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "query",
            abstract: "Run one SQL statement against the warehouse (read-only) and print the rows.",
            arguments: ProjectOptions.definitions + [warehouse.definition, format.definition, sql.definition])
    }

    let statement: String
    let outputFormat: ResultFormatter.Format
    let warehousePath: String

    init(parsed: ParsedArguments) throws {
        let project = try ProjectOptions.location(parsed)
        statement = try parsed.value(Self.sql) ?? ""
        outputFormat = try parsed.value(Self.format, default: .table)
        warehousePath = try parsed.value(Self.warehouse).map(project.path) ?? project.defaultWarehousePath
    }

    func run() throws {
        print(try AdHocQuery(warehousePath: warehousePath).run(statement, format: outputFormat), terminator: "")
    }
}

extension ResultFormatter.Format: ArgumentValue {}
