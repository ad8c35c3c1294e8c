/// One SQL value as lake reads or binds it. Every DuckDB type lake works with maps to one case;
/// narrower integers widen to `integer`, FLOAT widens to `double`, ENUM reads as `varchar`.
public enum DuckDBValue: Hashable, Sendable {
    case null
    case boolean(Bool)
    case integer(Int64)
    /// HUGEINT, and UBIGINT values (which can exceed Int64).
    case hugeInteger(Int128)
    case double(Double)
    case varchar(String)
    case blob([UInt8])
    case date(DuckDBDate)
    case timestamp(DuckDBTimestamp)
    case decimal(DuckDBDecimal)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension DuckDBValue: CustomStringConvertible {
    /// The value as DuckDB's CLI prints it ("NULL" for null).
    public var description: String {
        switch self {
        case .null: "NULL"
        case .boolean(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .hugeInteger(let value): String(value)
        case .double(let value): String(value)
        case .varchar(let value): value
        case .blob(let bytes): bytes.map { "\\x" + String($0, radix: 16, uppercase: true) }.joined()
        case .date(let value): value.description
        case .timestamp(let value): value.description
        case .decimal(let value): value.description
        }
    }
}

extension DuckDBValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .varchar(value) }
}
