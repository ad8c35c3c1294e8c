import LakeDuckDB
import LakeProject
import LakeRunner

/// `lake alerts`: the alerts in the model lake.yml's `alerts:` names, read from the last committed
/// snapshot (never waiting for a run): the open ones, most severe first, or every one.
public struct AlertList {
    public let projectDirectory: String
    public let profile: ProfileSelection

    public init(projectDirectory: String, profile: ProfileSelection) {
        self.projectDirectory = projectDirectory
        self.profile = profile
    }

    public func render(all: Bool, format: ResultFormatter.Format) throws -> String {
        var options = RunOptions()
        options.profile = profile
        let runner = try Runner(projectDirectory: projectDirectory, options: options)
        guard let model = runner.project.settings.alertsModel else {
            throw LakeError("\(runner.project.settings.file) has no `alerts:` naming the model that holds the alerts (e.g. `alerts: gold_alerts`)")
        }
        let graph = try runner.listGraph()
        guard let node = graph.node(named: model), node.kind == .model else {
            throw LakeError("`alerts: \(model)` names no model of the project")
        }
        let relation = Linker(graph: graph, project: runner.project).relation(of: node)
        let connection = try Warehouse.open(runner.warehouse, .read).connect()
        let rows: QueryResult
        do {
            rows = try connection.query("""
                SELECT * FROM \(relation)\(all ? "" : " WHERE state = 'open'")
                ORDER BY state = 'open' DESC, severity = 'critical' DESC, first_seen_at DESC, kind, subject
                """)
        } catch let error as DuckDBError where error.type == .catalog {
            throw LakeError("\(model) is not in the lake yet: `lake run` builds it (\(error.message.split(separator: "\n").first ?? ""))", kind: .notBuilt)
        }
        if format == .table && rows.rowCount == 0 { return all ? "No alerts.\n" : "No open alerts.\n" }
        return ResultFormatter.render(rows, as: format)
    }
}
