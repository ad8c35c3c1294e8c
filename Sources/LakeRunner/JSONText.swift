import LakeDuckDB
import LakeTemplates

/// JSON text for lake's own output (query rows): numbers as DuckDB gives them, text unescaped
/// beyond what JSON requires.
public enum JSONText {
    public static func string(_ text: String) -> String { JSONWriter.quote(text, asciiOnly: false) }

    /// One row as a JSON object, its columns in order.
    public static func object(_ result: QueryResult, row: Int) -> String {
        "{" + zip(result.columns, result.rows[row]).map { column, value in string(column.name) + ":" + Self.value(value) }.joined(separator: ",") + "}"
    }

    public static func value(_ value: DuckDBValue) -> String {
        switch value {
        case .null: "null"
        case .boolean(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .hugeInteger(let number): String(number)
        // JSON has no infinity or NaN: they go as DuckDB spells them, quoted, so nothing reads them as NULL.
        case .double(let number): number.isFinite ? String(number) : string(number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity")
        case .decimal(let decimal): decimal.description
        case .varchar, .blob, .date, .timestamp: string(value.description)
        }
    }
}
