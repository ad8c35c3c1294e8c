import CDuckDB

/// The SQL type of a result column, as far as lake reads it.
public enum ColumnType: Hashable, Sendable {
    case boolean
    case tinyint, smallint, integer, bigint
    case utinyint, usmallint, uinteger, ubigint
    case hugeint
    case float, double
    case varchar, blob
    case date
    /// TIMESTAMP in any precision (s, ms, µs, ns) or WITH TIME ZONE; read as microseconds.
    case timestamp
    case decimal(width: UInt8, scale: UInt8)
    /// ENUM, read as its VARCHAR labels.
    case enumeration
    /// The type of a bare NULL literal.
    case null

    /// The SQL name, as DuckDB spells it.
    public var sqlName: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .tinyint: "TINYINT"
        case .smallint: "SMALLINT"
        case .integer: "INTEGER"
        case .bigint: "BIGINT"
        case .utinyint: "UTINYINT"
        case .usmallint: "USMALLINT"
        case .uinteger: "UINTEGER"
        case .ubigint: "UBIGINT"
        case .hugeint: "HUGEINT"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .varchar: "VARCHAR"
        case .blob: "BLOB"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP"
        case .decimal(let width, let scale): "DECIMAL(\(width),\(scale))"
        case .enumeration: "ENUM"
        case .null: "NULL"
        }
    }

    /// True for types whose values read as numbers (integers, floats, decimals).
    public var isNumeric: Bool {
        switch self {
        case .tinyint, .smallint, .integer, .bigint, .utinyint, .usmallint, .uinteger, .ubigint, .hugeint,
             .float, .double, .decimal: true
        default: false
        }
    }

    /// DuckDB's names for the types lake cannot read yet, so the error can say which one it met.
    static func unsupportedName(_ type: duckdb_type) -> String {
        switch type {
        case DUCKDB_TYPE_TIME: "TIME"
        case DUCKDB_TYPE_INTERVAL: "INTERVAL"
        case DUCKDB_TYPE_LIST: "LIST"
        case DUCKDB_TYPE_STRUCT: "STRUCT"
        case DUCKDB_TYPE_MAP: "MAP"
        case DUCKDB_TYPE_UUID: "UUID"
        case DUCKDB_TYPE_UNION: "UNION"
        case DUCKDB_TYPE_BIT: "BIT"
        case DUCKDB_TYPE_TIME_TZ: "TIME WITH TIME ZONE"
        case DUCKDB_TYPE_UHUGEINT: "UHUGEINT"
        case DUCKDB_TYPE_ARRAY: "ARRAY"
        default: "type #\(type.rawValue)"
        }
    }
}
