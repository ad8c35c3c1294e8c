import LakeDuckDB
import LakeProject
import LakeTemplates

/// Gives templates' `run_query` a DuckDB connection: runs the SQL, hands back rows as plain data.
public enum WarehouseQueryRunner {
    public static func runQuery(on connection: Connection) -> (String) throws -> QueryTable {
        { sql in
            let result = try connection.query(sql)
            let rows = (0..<result.rowCount).map { row in result.columns.map { plain($0[row]) } }
            return QueryTable(columnNames: result.columnNames, rows: rows, columnKinds: result.columns.map { kind(of: $0.type) })
        }
    }

    /// How dbt's agate table types a DuckDB column.
    static func kind(of type: ColumnType) -> QueryTable.ColumnKind {
        switch type {
        case .varchar, .enumeration, .blob: .text
        case .tinyint, .smallint, .integer, .bigint, .utinyint, .usmallint, .uinteger, .ubigint, .hugeint: .integer
        case .float, .double, .decimal: .number
        default: .other
        }
    }

    /// DuckDB values as template data: numbers stay numbers; dates, timestamps and decimals keep
    /// the text DuckDB prints (exact, and what SQL would be written with).
    static func plain(_ value: DuckDBValue) -> JSONValue {
        switch value {
        case .null: .null
        case .boolean(let flag): .bool(flag)
        case .integer(let number): .int(Int(number))
        case .hugeInteger(let number): Int(exactly: number).map(JSONValue.int) ?? .string(String(number))
        case .double(let number): .double(number)
        case .varchar(let text): .string(text)
        case .blob, .date, .timestamp, .decimal: .string(value.description)
        }
    }
}
