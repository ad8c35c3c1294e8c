/// One column's values, stored in a typed array so millions of rows stay compact and fast to scan.
/// NULL rows hold a placeholder in the array and are marked in `ResultColumn.nulls`.
public enum ColumnValues: Sendable {
    case boolean([Bool])
    case integer([Int64])
    case hugeInteger([Int128])
    case double([Double])
    case varchar([String])
    case blob([[UInt8]])
    case date([DuckDBDate])
    case timestamp([DuckDBTimestamp])
    /// Unscaled values; width and scale are in the column's type.
    case decimal([Int128])

    var count: Int {
        switch self {
        case .boolean(let values): values.count
        case .integer(let values): values.count
        case .hugeInteger(let values): values.count
        case .double(let values): values.count
        case .varchar(let values): values.count
        case .blob(let values): values.count
        case .date(let values): values.count
        case .timestamp(let values): values.count
        case .decimal(let values): values.count
        }
    }
}
