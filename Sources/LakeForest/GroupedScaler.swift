/// A StandardScaler per group of rows (e.g. per GPU type), so each row is scaled against its own
/// kind: a T4's utilisation against T4s', not against the whole fleet's.
public struct GroupedScaler: Sendable, Equatable, Codable {
    public let scalers: [String: StandardScaler]

    public init(scalers: [String: StandardScaler]) { self.scalers = scalers }

    /// `groups[i]` is row i's group.
    public init(fitting matrix: FeatureMatrix, groups: [String]) {
        precondition(groups.count == matrix.rows, "one group per row")
        var scalers: [String: StandardScaler] = [:]
        for (group, rows) in Self.rows(of: groups) {
            scalers[group] = StandardScaler(fitting: Self.subset(matrix, rows: rows))
        }
        self.init(scalers: scalers)
    }

    /// Each row scaled by its group's scaler; a group the scaler was not fitted on is an error
    /// naming it (a new GPU type needs the detector trained again).
    public func transform(_ matrix: FeatureMatrix, groups: [String]) throws -> FeatureMatrix {
        precondition(groups.count == matrix.rows, "one group per row")
        var out = matrix
        for (group, rows) in Self.rows(of: groups) {
            guard let scaler = scalers[group] else {
                throw ForestError("no scaler for group '\(group)': the model was trained on \(scalers.keys.sorted().joined(separator: ", "))")
            }
            for row in rows { scaler.transform(row: row, of: &out) }
        }
        return out
    }

    private static func rows(of groups: [String]) -> [(String, [Int])] {
        var indices: [String: [Int]] = [:]
        for (row, group) in groups.enumerated() { indices[group, default: []].append(row) }
        return indices.sorted { $0.key < $1.key }
    }

    private static func subset(_ matrix: FeatureMatrix, rows: [Int]) -> FeatureMatrix {
        var values: [Double] = []
        values.reserveCapacity(rows.count * matrix.columns)
        for row in rows { values.append(contentsOf: matrix.row(row)) }
        return FeatureMatrix(rows: rows.count, columns: matrix.columns, values: values)
    }
}
