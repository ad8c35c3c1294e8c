/// The rows a statement returned, held column by column in Swift memory. Owns no DuckDB resources.
public struct QueryResult: Sendable {
    public let columns: [ResultColumn]
    /// Rows changed, for INSERT/UPDATE/DELETE; 0 for queries.
    public let rowsChanged: Int

    init(columns: [ResultColumn], rowsChanged: Int) {
        self.columns = columns
        self.rowsChanged = rowsChanged
    }

    public var rowCount: Int { columns.first?.count ?? 0 }
    public var columnNames: [String] { columns.map(\.name) }

    /// The value at `row`, `column` (both zero-based).
    public subscript(row: Int, column: Int) -> DuckDBValue { columns[column][row] }

    public func column(named name: String) -> ResultColumn? { columns.first { $0.name == name } }

    /// The value at `row` of the column named `name`, converted to `T` (nil for NULL).
    public func value<T: DuckDBValueConvertible>(_ type: T.Type = T.self, row: Int, column name: String) throws -> T? {
        guard let column = column(named: name) else {
            throw DuckDBError(.read, message: "no column '\(name)' in the result (columns: \(columnNames.joined(separator: ", ")))")
        }
        return try value(type, row: row, column: columns.firstIndex { $0.name == column.name }!)
    }

    public func value<T: DuckDBValueConvertible>(_ type: T.Type = T.self, row: Int, column: Int) throws -> T? {
        let value = self[row, column]
        if value.isNull { return nil }
        guard let converted = T(duckDBValue: value) else {
            throw DuckDBError(.read, message: "cannot read \(value) (\(columns[column].type.sqlName)) as \(T.self)")
        }
        return converted
    }

    /// The first column of the first row, for `SELECT count(*) …` and the like.
    public func scalar<T: DuckDBValueConvertible>(_ type: T.Type = T.self) throws -> T? {
        guard rowCount > 0, !columns.isEmpty else { return nil }
        return try value(type, row: 0, column: 0)
    }

    /// Each row as an array of values, in column order. Convenient for small results.
    public var rows: [[DuckDBValue]] {
        (0..<rowCount).map { row in columns.map { $0[row] } }
    }
}
