import Foundation
import LakeCommandLine
import LakeKit
import LakeDuckDB
import LakeForest
import LakeLakehouse
import LakeProject
import LakeReport
import LakeRunner
import LakeTemplates

/// `lake query SQL`: ad-hoc SQL against the warehouse, read-only; on a lake, at any point of its history.
struct QueryCommand: ParsableCommand {
    static let sql = Positional<String>("sql", help: "The statement to run (SELECT or EXPLAIN); - reads it from stdin.", required: false)
    static let file = Option<String>("file", valueName: "path", help: "Read the statement from a file (e.g. sql/top_users_by_cost.sql).")
    static let maxRows = Option<Int>("max-rows", valueName: "n",
                                     help: "Rows a table shows, the first and last halves; 0 shows all (default: 40 on a terminal, all otherwise).")
    static let format = DefaultedOption<ResultFormatter.Format>("format", short: "f", valueName: "format",
                                                        help: "How to print the rows.", default: .table)
    static let warehouse = Option<String>("warehouse", valueName: "file",
                                          help: "A DuckDB file to query instead of the project's warehouse.")
    static let atRun = Option<String>("at-run", valueName: "id", help: "Read the lake as the run ID left it (`lake history` lists runs).")
    static let atSnapshot = Option<Int>("at-snapshot", valueName: "n", help: "Read the lake at snapshot N.")
    static let at = Option<String>("at", valueName: "timestamp", help: "Read the lake as it was at a time, e.g. '2026-11-22 14:00:00'.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "query",
            abstract: "Run one SQL statement against the warehouse (read-only) and print the rows.",
            discussion: "On a lake it reads the last committed snapshot, never waiting for a run; --at-run, --at-snapshot "
                + "and --at read an earlier one. Only SELECT and EXPLAIN run, and no file outside the project and the lake is read.",
            arguments: ProjectOptions.definitions + [warehouse.definition, format.definition, maxRows.definition, file.definition,
                                                     atRun.definition, atSnapshot.definition, at.definition, sql.definition])
    }

    let statement: String
    let outputFormat: ResultFormatter.Format
    let maxRows: Int?
    let location: WarehouseLocation
    let point: AdHocQuery.Point

    init(parsed: ParsedArguments) throws {
        let project = try ProjectOptions.location(parsed)
        switch (try parsed.value(Self.sql), try parsed.value(Self.file)) {
        case (let text?, nil) where text == "-": statement = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        case (let text?, nil): statement = text
        case (nil, let path?):
            guard let data = FileManager.default.contents(atPath: path) else { throw LakeError("cannot read \(path)") }
            statement = String(decoding: data, as: UTF8.self)
        case (_?, _?): throw LakeError("give the statement as an argument or with --file, not both")
        case (nil, nil): throw LakeError("give the statement to run: lake query \"SELECT …\", lake query - < file.sql, or lake query --file file.sql")
        }
        outputFormat = try parsed.value(Self.format)
        let rows = try parsed.value(Self.maxRows) ?? (isatty(STDOUT_FILENO) == 1 ? 40 : 0)
        guard rows >= 0 else { throw LakeError("--max-rows takes 0 (all) or a positive number") }
        maxRows = rows == 0 ? nil : rows
        // A folder with no project file still has a default warehouse to query.
        var settings = ProjectSettings.exists(in: project.directory) ? try ProjectSettings.load(projectDirectory: project.directory, profile: project.profile)
            : ProjectSettings(name: "lake")
        if let file = try parsed.value(Self.warehouse) {
            settings.warehouse = file
            settings.lakehouse = nil
        }
        location = WarehouseLocation(settings: settings, root: project.directory)
        let points: [AdHocQuery.Point] = [try parsed.value(Self.atRun).map(AdHocQuery.Point.run),
                                          try parsed.value(Self.atSnapshot).map(AdHocQuery.Point.snapshot),
                                          try parsed.value(Self.at).map(AdHocQuery.Point.time)].compactMap { $0 }
        guard points.count <= 1 else { throw LakeError("give one of --at-run, --at-snapshot and --at") }
        point = points.first ?? .latest
    }

    func run() throws {
        print(try AdHocQuery(location: location, at: point).run(statement, format: outputFormat, maxRows: maxRows), terminator: "")
    }
}

extension ResultFormatter.Format: ArgumentValue {}
