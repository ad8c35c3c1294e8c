/// Rows × columns of Double, stored row-major in one array (what the forest trains and scores on).
public struct FeatureMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public private(set) var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "a \(rows) × \(columns) matrix needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// From rows of equal length.
    public init(_ rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
    }

    /// From columns of equal length (as a query returns them).
    public init(columns: [[Double]]) {
        let rows = columns.first?.count ?? 0
        var values = [Double](repeating: 0, count: rows * columns.count)
        for (column, data) in columns.enumerated() {
            for row in 0..<rows { values[row * columns.count + column] = data[row] }
        }
        self.init(rows: rows, columns: columns.count, values: values)
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> ArraySlice<Double> { values[(index * columns)..<((index + 1) * columns)] }
}
