import LakeIngest
import LakeProject

/// A model's `raw_files` config as `RawFilesSpec`: the bronze macros set it, so the runner reads
/// the model's raw files where the model runs.
///   raw_files: {table: pai_job_table, location: data_raw/pai_job_table,
///               columns: ['job_name VARCHAR', …], log: <the ingestion log's model>,
///               rejects: <the rejected lines' model>}
enum RawFilesConfig {
    static func spec(of node: GraphNode, graph: ProjectGraph, linker: Linker) throws -> RawFilesSpec? {
        guard let value = node.config["raw_files"] else { return nil }
        guard case .object(let pairs) = value else {
            throw LakeError("\(node.path): raw_files must be a mapping with table, location, columns, log and rejects")
        }
        let fields = Dictionary(pairs, uniquingKeysWith: { $1 })
        func text(_ key: String) throws -> String {
            guard let text = fields[key]?.stringValue, !text.isEmpty else { throw LakeError("\(node.path): raw_files needs '\(key)'") }
            return text
        }
        for key in fields.keys where !["table", "location", "columns", "log", "rejects"].contains(key) {
            throw LakeError("\(node.path): raw_files has no setting '\(key)' (it takes table, location, columns, log and rejects)")
        }
        guard case .array(let items)? = fields["columns"], !items.isEmpty else {
            throw LakeError("\(node.path): raw_files needs 'columns', a list like ['job_name VARCHAR', 'start_time DOUBLE']")
        }
        let columns = try items.map { item -> RawColumn in
            guard let declaration = item.stringValue else { throw LakeError("\(node.path): raw_files columns are texts like 'start_time DOUBLE'") }
            do { return try RawColumn(declaration: declaration) } catch { throw LakeError("\(node.path): \(error)") }
        }
        let logModel = try text("log")
        guard let log = graph.nodes.values.first(where: { $0.kind == .model && $0.name == logModel }) else {
            throw LakeError("\(node.path): raw_files log '\(logModel)' is not a model of this project")
        }
        return RawFilesSpec(table: try text("table"), location: try text("location"), columns: columns,
                            log: linker.relation(of: log).description, rejects: try text("rejects"))
    }
}

/// The raw files a model read changed while DuckDB loaded them: the model's transaction rolls back.
struct RawFilesChanged: Error {
    let files: [String]
}
