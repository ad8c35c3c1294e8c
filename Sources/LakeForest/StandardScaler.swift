/// scikit-learn's StandardScaler: each feature minus its mean, divided by its (population)
/// standard deviation; a constant feature is divided by 1.
public struct StandardScaler: Sendable, Equatable, Codable {
    public let means: [Double]
    public let scales: [Double]

    public init(means: [Double], scales: [Double]) {
        self.means = means
        self.scales = scales
    }

    public init(fitting matrix: FeatureMatrix) {
        var means = [Double](repeating: 0, count: matrix.columns)
        var scales = [Double](repeating: 1, count: matrix.columns)
        let n = Double(matrix.rows)
        for column in 0..<matrix.columns {
            var sum = 0.0
            for row in 0..<matrix.rows { sum += matrix[row, column] }
            let mean = sum / n
            var squares = 0.0
            for row in 0..<matrix.rows { let d = matrix[row, column] - mean; squares += d * d }
            let deviation = (squares / n).squareRoot()
            means[column] = mean
            // scikit-learn treats a deviation below ~10 ulps of the mean as zero (_is_constant_feature).
            scales[column] = deviation < 10 * Double.ulpOfOne * max(abs(mean), 1) ? 1 : deviation
        }
        self.init(means: means, scales: scales)
    }

    public func transform(_ matrix: FeatureMatrix) -> FeatureMatrix {
        var out = matrix
        for row in 0..<matrix.rows { transform(row: row, of: &out) }
        return out
    }

    /// One row of `matrix`, scaled in place.
    func transform(row: Int, of matrix: inout FeatureMatrix) {
        for column in 0..<matrix.columns { matrix[row, column] = (matrix[row, column] - means[column]) / scales[column] }
    }
}
