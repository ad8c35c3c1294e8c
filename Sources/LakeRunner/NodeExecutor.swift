import LakeDuckDB
import LakeProject

/// Builds nodes of a materialization the runner does not know itself (the forest's scored tables),
/// so the runner stays free of the stages that plug into it.
public protocol NodeExecutor: Sendable {
    /// Builds `node` on `connection`; returns the rows written and a description of what ran.
    func build(_ node: GraphNode, project: Project, relation: Relation, connection: Connection) throws -> (rows: Int?, sql: String?)
}
