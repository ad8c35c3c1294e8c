import CDuckDB

/// How one result column's values lie in a DuckDB vector's memory, decided once per result from the
/// column's logical type, so the per-chunk loop does no type inspection.
enum VectorLayout {
    case boolean
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case hugeint
    case float, double
    /// duckdb_string_t: VARCHAR as text, BLOB as bytes.
    case string, blob
    case date
    /// int64 ticks; multiply or divide to reach microseconds.
    case timestamp(microsecondsPerTick: Int64, ticksPerMicrosecond: Int64)
    /// The unscaled integer's storage width in bytes (2, 4, 8 or 16).
    case decimal(bytes: Int)
    /// Dictionary indexes of `indexBytes` (1, 2 or 4) into `labels`.
    case enumeration(labels: [String], indexBytes: Int)
    case null

    /// Reads the column's logical type; throws for the types lake does not read, naming the column.
    static func of(_ logicalType: duckdb_logical_type, column name: String, sql: String)
        throws -> (ColumnType, VectorLayout) {
        let id = duckdb_get_type_id(logicalType)
        switch id {
        case DUCKDB_TYPE_BOOLEAN: return (.boolean, .boolean)
        case DUCKDB_TYPE_TINYINT: return (.tinyint, .int8)
        case DUCKDB_TYPE_SMALLINT: return (.smallint, .int16)
        case DUCKDB_TYPE_INTEGER: return (.integer, .int32)
        case DUCKDB_TYPE_BIGINT: return (.bigint, .int64)
        case DUCKDB_TYPE_UTINYINT: return (.utinyint, .uint8)
        case DUCKDB_TYPE_USMALLINT: return (.usmallint, .uint16)
        case DUCKDB_TYPE_UINTEGER: return (.uinteger, .uint32)
        case DUCKDB_TYPE_UBIGINT: return (.ubigint, .uint64)
        case DUCKDB_TYPE_HUGEINT: return (.hugeint, .hugeint)
        case DUCKDB_TYPE_FLOAT: return (.float, .float)
        case DUCKDB_TYPE_DOUBLE: return (.double, .double)
        case DUCKDB_TYPE_VARCHAR: return (.varchar, .string)
        case DUCKDB_TYPE_BLOB: return (.blob, .blob)
        case DUCKDB_TYPE_DATE: return (.date, .date)
        case DUCKDB_TYPE_TIMESTAMP, DUCKDB_TYPE_TIMESTAMP_TZ:
            return (.timestamp, .timestamp(microsecondsPerTick: 1, ticksPerMicrosecond: 1))
        case DUCKDB_TYPE_TIMESTAMP_S: return (.timestamp, .timestamp(microsecondsPerTick: 1_000_000, ticksPerMicrosecond: 1))
        case DUCKDB_TYPE_TIMESTAMP_MS: return (.timestamp, .timestamp(microsecondsPerTick: 1_000, ticksPerMicrosecond: 1))
        case DUCKDB_TYPE_TIMESTAMP_NS: return (.timestamp, .timestamp(microsecondsPerTick: 1, ticksPerMicrosecond: 1_000))
        case DUCKDB_TYPE_DECIMAL:
            let width = duckdb_decimal_width(logicalType), scale = duckdb_decimal_scale(logicalType)
            let bytes: Int = switch duckdb_decimal_internal_type(logicalType) {
            case DUCKDB_TYPE_SMALLINT: 2
            case DUCKDB_TYPE_INTEGER: 4
            case DUCKDB_TYPE_BIGINT: 8
            default: 16
            }
            return (.decimal(width: width, scale: scale), .decimal(bytes: bytes))
        case DUCKDB_TYPE_ENUM:
            let size = Int(duckdb_enum_dictionary_size(logicalType))
            let labels = (0..<size).map { index -> String in
                guard let label = duckdb_enum_dictionary_value(logicalType, idx_t(index)) else { return "" }
                defer { duckdb_free(label) }
                return String(cString: label)
            }
            let indexBytes: Int = switch duckdb_enum_internal_type(logicalType) {
            case DUCKDB_TYPE_UTINYINT: 1
            case DUCKDB_TYPE_USMALLINT: 2
            default: 4
            }
            return (.enumeration, .enumeration(labels: labels, indexBytes: indexBytes))
        case DUCKDB_TYPE_SQLNULL: return (.null, .null)
        default:
            throw DuckDBError(.read, message: "column '\(name)' has type \(ColumnType.unsupportedName(id)), "
                + "which lake does not read; CAST it (e.g. to VARCHAR) in the query", sql: sql)
        }
    }
}
