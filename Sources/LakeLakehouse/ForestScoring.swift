import Foundation
import LakeDuckDB
import LakeForest
import LakeProject
import LakeRunner

/// Builds an `ml:` entry's scored table: every column of its source plus anomaly_score
/// (decision_function; lower is more anomalous) and anomaly_flag (1 anomalous, 0 normal), written
/// through the Appender into a temporary table swapped in within one transaction.
public struct ForestScoring: NodeExecutor {
    public enum Mode: Sendable {
        /// Train on the source, save the model, score the source (`lake run`, `lake ml train`).
        case train
        /// Score the source with the saved model (`lake ml score`).
        case scoreWithSavedModel
    }

    public let mode: Mode
    public let lakeVersion: String

    public init(mode: Mode, lakeVersion: String) {
        self.mode = mode
        self.lakeVersion = lakeVersion
    }

    /// Where an entry's model file lives.
    public static func modelPath(_ spec: MachineLearningSpec, project: Project) -> String {
        project.path("data_lake/models/\(spec.name).json")
    }

    public func build(_ node: GraphNode, project: Project, relation: Relation, connection: Connection) throws -> (rows: Int?, sql: String?) {
        guard let spec = node.machineLearning else { throw ForestError("\(node.name) is not an ml node") }
        let source = Relation(identifier: spec.source)
        let order = spec.key.isEmpty ? "" : " ORDER BY " + spec.key.map(Relation.quote).joined(separator: ", ")
        let sql = "SELECT * FROM \(source)\(order)"
        let rows = try connection.query(sql)
        let data = try Self.features(spec, from: rows)

        let model: ForestModelFile
        switch mode {
        case .train:
            let scaler = spec.scale == "standard" ? StandardScaler(fitting: data) : nil
            let forest = try IsolationForest.fit(scaler?.transform(data) ?? data, parameters: try Self.parameters(spec))
            model = ForestModelFile(name: spec.name, source: spec.source, output: spec.output, key: spec.key, features: spec.features,
                                    forest: forest, scaler: scaler,
                                    training: .init(rows: data.rows, trainedAt: ISO8601DateFormatter().string(from: Date()), lakeVersion: lakeVersion))
        case .scoreWithSavedModel:
            model = try ForestModelFile.load(from: Self.modelPath(spec, project: project))
            guard model.features == spec.features else {
                throw ForestError("the saved model '\(spec.name)' uses features \(model.features), lake.yml now says \(spec.features): train it again")
            }
        }
        let forest = model.forest
        let decisions = forest.decisionFunction(model.scaler?.transform(data) ?? data)
        let written = try write(rows, decisions: decisions, to: relation, on: connection)
        // Saved once the scores are committed, so a failed or killed run keeps the model that scored the lake.
        if mode == .train { try model.save(to: Self.modelPath(spec, project: project)) }
        return (written, sql)
    }

    /// The feature columns as a matrix; a missing column or a NULL is an error that says where.
    static func features(_ spec: MachineLearningSpec, from rows: QueryResult) throws -> FeatureMatrix {
        var columns: [[Double]] = []
        for name in spec.features {
            guard let column = rows.column(named: name) else {
                throw ForestError("ml '\(spec.name)': \(spec.source) has no column '\(name)' (it has \(rows.columnNames.joined(separator: ", ")))")
            }
            let values = try column.doubles()
            let missing = values.filter { $0 == nil || !$0!.isFinite }.count
            guard missing == 0 else {
                throw ForestError("ml '\(spec.name)': \(missing) row\(missing == 1 ? "" : "s") of \(spec.source) have no \(name) (NULL or not finite); "
                    + "the forest needs every value: filter or fill them in the model")
            }
            columns.append(values.map { $0! })
        }
        guard rows.rowCount > 0 else { throw ForestError("ml '\(spec.name)': \(spec.source) has no rows to train on") }
        return FeatureMatrix(columns: columns)
    }

    static func parameters(_ spec: MachineLearningSpec) throws -> IsolationForestParameters {
        var parameters = IsolationForestParameters()
        parameters.estimators = spec.estimators
        parameters.seed = UInt64(truncatingIfNeeded: spec.seed)
        parameters.bootstrap = spec.bootstrap
        parameters.extensionLevel = spec.extensionLevel
        switch spec.maxSamples {
        case .string("auto"): parameters.maxSamples = .auto
        case .int(let count): parameters.maxSamples = .count(count)
        case .double(let fraction): parameters.maxSamples = .fraction(fraction)
        default: throw ForestError("ml '\(spec.name)': max_samples must be 'auto', a whole number or a fraction")
        }
        switch spec.maxFeatures {
        case .int(let count): parameters.maxFeatures = .count(count)
        case .double(let fraction): parameters.maxFeatures = .fraction(fraction)
        default: throw ForestError("ml '\(spec.name)': max_features must be a whole number or a fraction")
        }
        switch spec.contamination {
        case .string("auto"): parameters.contamination = .auto
        case .double(let fraction): parameters.contamination = .fraction(fraction)
        default: throw ForestError("ml '\(spec.name)': contamination must be 'auto' or a fraction in (0, 0.5]")
        }
        return parameters
    }

    /// The source's rows with their scores, appended into a temporary table (this connection's
    /// own, outside the lake) that replaces the output in one transaction.
    private func write(_ rows: QueryResult, decisions: [Double], to relation: Relation, on connection: Connection) throws -> Int {
        let staging = "__lake_scores_" + relation.identifier
        let definitions = rows.columns.map { "\(Relation.quote($0.name)) \($0.type.sqlName == "NULL" ? "INTEGER" : $0.type.sqlName)" }
            + ["\"anomaly_score\" DOUBLE", "\"anomaly_flag\" INTEGER"]
        try connection.execute("CREATE OR REPLACE TEMP TABLE \(Relation.quote(staging)) (\(definitions.joined(separator: ", ")))")
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS temp.main.\(Relation.quote(staging))") }
        let appender = try connection.appender(table: staging, schema: "main", catalog: "temp")
        for row in 0..<rows.rowCount {
            for column in rows.columns { try appender.append(column[row]) }
            try appender.append(decisions[row])
            try appender.append(decisions[row] < 0 ? 1 : 0)
            try appender.endRow()
        }
        try appender.close()
        try connection.transaction { connection in
            try WarehouseCatalog.replace(relation, as: "SELECT * FROM temp.main.\(Relation.quote(staging))", on: connection)
        }
        return rows.rowCount
    }
}
