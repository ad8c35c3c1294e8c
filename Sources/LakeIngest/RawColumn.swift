/// One column of a raw table as a bronze model declares it ("start_time DOUBLE"): its name, the
/// DuckDB type it loads as, and what that type lets a line hold.
public struct RawColumn: Sendable, Equatable {
    /// What the line checks look for in a field of this column; everything else about the value
    /// (text where a number belongs, overflow) is DuckDB's cast, which rejects it with its line.
    public enum Kind: Sendable, Equatable {
        case text
        /// DuckDB reads `nan` and `inf` as numbers; no telemetry value is either.
        case number
        /// DuckDB rounds `64.5` into an integer column without a word.
        case wholeNumber
        case other
    }

    public let name: String
    public let type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }

    /// "name TYPE", as the bronze macros write a column.
    public init(declaration: String) throws {
        let parts = declaration.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw IngestError("raw column '\(declaration)': write it as 'name TYPE', e.g. 'start_time DOUBLE'")
        }
        self.init(name: parts[0], type: parts[1].trimmingCharacters(in: .whitespaces))
    }

    public var kind: Kind {
        let base = type.uppercased().split(separator: "(").first.map(String.init) ?? ""
        switch base.trimmingCharacters(in: .whitespaces) {
        case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR": return .text
        case "DOUBLE", "FLOAT", "REAL", "FLOAT4", "FLOAT8", "DECIMAL", "NUMERIC": return .number
        case "TINYINT", "SMALLINT", "INTEGER", "INT", "INT1", "INT2", "INT4", "INT8", "BIGINT", "HUGEINT", "LONG", "SHORT",
             "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT":
            return .wholeNumber
        default: return .other
        }
    }
}
