/// One column of a `QueryResult`: its name, type, values, and which rows are NULL.
public struct ResultColumn: Sendable {
    public let name: String
    public let type: ColumnType
    public let values: ColumnValues
    /// `nulls[row]` is true for a NULL; empty when the column has no NULLs at all.
    public let nulls: [Bool]

    init(name: String, type: ColumnType, values: ColumnValues, nulls: [Bool]) {
        self.name = name
        self.type = type
        self.values = values
        self.nulls = nulls
    }

    public var count: Int { values.count }

    public func isNull(_ row: Int) -> Bool { !nulls.isEmpty && nulls[row] }

    /// The value in `row`, NULL included.
    public subscript(row: Int) -> DuckDBValue {
        if isNull(row) { return .null }
        switch values {
        case .boolean(let values): return .boolean(values[row])
        case .integer(let values): return .integer(values[row])
        case .hugeInteger(let values): return .hugeInteger(values[row])
        case .double(let values): return .double(values[row])
        case .varchar(let values): return .varchar(values[row])
        case .blob(let values): return .blob(values[row])
        case .date(let values): return .date(values[row])
        case .timestamp(let values): return .timestamp(values[row])
        case .decimal(let values):
            guard case .decimal(let width, let scale) = type else { preconditionFailure("decimal without scale") }
            return .decimal(DuckDBDecimal(unscaled: values[row], width: width, scale: scale))
        }
    }

    /// Every value as `T` (nil for NULL); throws if a value does not convert.
    public func decode<T: DuckDBValueConvertible>(_ type: T.Type = T.self) throws -> [T?] {
        try (0..<count).map { row in
            let value = self[row]
            if value.isNull { return nil }
            guard let decoded = T(duckDBValue: value) else {
                throw DuckDBError(.read, message: "cannot read \(value) in column '\(name)' (\(self.type.sqlName)) as \(T.self)")
            }
            return decoded
        }
    }

    /// The column as doubles, for numeric columns (nil for NULL).
    public func doubles() throws -> [Double?] {
        let values = try doubles(null: 0)
        return nulls.isEmpty ? values : zip(values, nulls).map { $1 ? nil : $0 }
    }

    /// The column as doubles with NULL as `null`: the fast path feature extraction uses, a plain
    /// array with no optional per value.
    public func doubles(null: Double) throws -> [Double] {
        var read: [Double]
        switch values {
        case .double(let values): read = values
        case .integer(let values): read = values.map(Double.init)
        default: read = try decode(Double.self).map { $0 ?? null }
        }
        if !nulls.isEmpty {
            for row in read.indices where nulls[row] { read[row] = null }
        }
        return read
    }
}
