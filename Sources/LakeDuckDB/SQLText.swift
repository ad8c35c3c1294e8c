/// How text goes into SQL that DuckDB parses: as a string literal or a quoted identifier.
public enum SQLText {
    /// A SQL string literal: the text in single quotes, inner quotes doubled.
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A SQL identifier in double quotes, inner quotes doubled.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
