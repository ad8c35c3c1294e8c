/// A Swift type that reads from and binds as a `DuckDBValue`.
public protocol DuckDBValueConvertible {
    var duckDBValue: DuckDBValue { get }
    /// nil when the value does not convert (a string read as Int, a fraction read as Int, …).
    init?(duckDBValue: DuckDBValue)
}

extension DuckDBValue: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { self }
    public init?(duckDBValue: DuckDBValue) { self = duckDBValue }
}

extension Bool: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .boolean(self) }
    public init?(duckDBValue: DuckDBValue) {
        switch duckDBValue {
        case .boolean(let value): self = value
        case .integer(let value) where value == 0 || value == 1: self = value == 1
        default: return nil
        }
    }
}

extension Int64: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .integer(self) }
    public init?(duckDBValue: DuckDBValue) {
        switch duckDBValue {
        case .integer(let value): self = value
        case .hugeInteger(let value): guard let exact = Int64(exactly: value) else { return nil }; self = exact
        case .decimal(let value) where value.scale == 0:
            guard let exact = Int64(exactly: value.unscaled) else { return nil }; self = exact
        case .double(let value): guard let exact = Int64(exactly: value) else { return nil }; self = exact
        default: return nil
        }
    }
}

extension Int: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .integer(Int64(self)) }
    public init?(duckDBValue: DuckDBValue) {
        guard let value = Int64(duckDBValue: duckDBValue) else { return nil }
        self = Int(value)
    }
}

extension Int32: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .integer(Int64(self)) }
    public init?(duckDBValue: DuckDBValue) {
        guard let value = Int64(duckDBValue: duckDBValue), let exact = Int32(exactly: value) else { return nil }
        self = exact
    }
}

extension Int128: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .hugeInteger(self) }
    public init?(duckDBValue: DuckDBValue) {
        switch duckDBValue {
        case .integer(let value): self = Int128(value)
        case .hugeInteger(let value): self = value
        default: return nil
        }
    }
}

extension Double: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .double(self) }
    /// Any number reads as a Double (decimals and large integers may round).
    public init?(duckDBValue: DuckDBValue) {
        switch duckDBValue {
        case .double(let value): self = value
        case .integer(let value): self = Double(value)
        case .hugeInteger(let value): self = Double(value)
        case .decimal(let value): self = value.doubleValue
        default: return nil
        }
    }
}

extension String: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .varchar(self) }
    public init?(duckDBValue: DuckDBValue) {
        guard case .varchar(let value) = duckDBValue else { return nil }
        self = value
    }
}

extension DuckDBDate: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .date(self) }
    public init?(duckDBValue: DuckDBValue) {
        guard case .date(let value) = duckDBValue else { return nil }
        self = value
    }
}

extension DuckDBTimestamp: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .timestamp(self) }
    public init?(duckDBValue: DuckDBValue) {
        guard case .timestamp(let value) = duckDBValue else { return nil }
        self = value
    }
}

extension DuckDBDecimal: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .decimal(self) }
    public init?(duckDBValue: DuckDBValue) {
        guard case .decimal(let value) = duckDBValue else { return nil }
        self = value
    }
}

extension Optional: DuckDBValueConvertible where Wrapped: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { self?.duckDBValue ?? .null }
    public init?(duckDBValue: DuckDBValue) {
        if duckDBValue.isNull { self = .none; return }
        guard let value = Wrapped(duckDBValue: duckDBValue) else { return nil }
        self = .some(value)
    }
}
