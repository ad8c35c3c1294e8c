import CDuckDB

/// Gathers one column's values chunk by chunk into a typed array.
///
/// A class, so appending never copies the growing array (an enum payload would be copied on write).
final class ColumnBuilder {
    let name: String
    let type: ColumnType
    private let layout: VectorLayout
    private(set) var count = 0
    private var nulls: [Bool] = []
    private var hasNull = false

    // Exactly one of these grows, chosen by `layout`.
    private var booleans: [Bool] = []
    private var integers: [Int64] = []
    private var hugeIntegers: [Int128] = []
    private var doubles: [Double] = []
    private var strings: [String] = []
    private var blobs: [[UInt8]] = []
    private var dates: [DuckDBDate] = []
    private var timestamps: [DuckDBTimestamp] = []

    init(name: String, type: ColumnType, layout: VectorLayout) {
        self.name = name
        self.type = type
        self.layout = layout
    }

    /// Decodes `rows` values of `vector` and appends them.
    func append(_ vector: duckdb_vector, rows: Int) {
        let validity = duckdb_vector_get_validity(vector)
        let isValid: (Int) -> Bool = { row in
            guard let validity else { return true }
            return validity[row >> 6] & (1 << UInt64(row & 63)) != 0
        }
        if validity != nil || hasNull {
            if !hasNull { nulls = Array(repeating: false, count: count) }
            hasNull = true
            nulls.reserveCapacity(count + rows)
            for row in 0..<rows { nulls.append(!isValid(row)) }
        }
        count += rows
        guard let data = duckdb_vector_get_data(vector) else {
            // A NULL-typed column has no data buffer: every row is NULL.
            integers += repeatElement(0, count: rows)
            return
        }
        let raw = UnsafeRawPointer(data)

        func read<Raw>(_: Raw.Type) -> UnsafeBufferPointer<Raw> {
            UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Raw.self), count: rows)
        }
        switch layout {
        case .boolean: booleans += read(Bool.self)
        case .int8: integers += read(Int8.self).lazy.map { Int64($0) }
        case .int16: integers += read(Int16.self).lazy.map { Int64($0) }
        case .int32: integers += read(Int32.self).lazy.map { Int64($0) }
        case .int64: integers += read(Int64.self)
        case .uint8: integers += read(UInt8.self).lazy.map { Int64($0) }
        case .uint16: integers += read(UInt16.self).lazy.map { Int64($0) }
        case .uint32: integers += read(UInt32.self).lazy.map { Int64($0) }
        case .uint64: hugeIntegers += read(UInt64.self).lazy.map { Int128($0) }
        case .hugeint: hugeIntegers += read(duckdb_hugeint.self).lazy.map(Self.int128)
        case .float: doubles += read(Float.self).lazy.map { Double($0) }
        case .double: doubles += read(Double.self)
        case .string:
            strings.reserveCapacity(count)
            for row in 0..<rows {
                strings.append(isValid(row) ? String(decoding: Self.stringBytes(raw, row), as: UTF8.self) : "")
            }
        case .blob:
            for row in 0..<rows { blobs.append(isValid(row) ? Array(Self.stringBytes(raw, row)) : []) }
        case .date: dates += read(Int32.self).lazy.map(DuckDBDate.init(daysSinceEpoch:))
        case .timestamp(let multiplier, let divisor):
            timestamps += read(Int64.self).lazy.map { ticks in
                DuckDBTimestamp(microsecondsSinceEpoch: divisor == 1 ? ticks &* multiplier : ticks / divisor)
            }
        case .decimal(let bytes):
            switch bytes {
            case 2: hugeIntegers += read(Int16.self).lazy.map { Int128($0) }
            case 4: hugeIntegers += read(Int32.self).lazy.map { Int128($0) }
            case 8: hugeIntegers += read(Int64.self).lazy.map { Int128($0) }
            default: hugeIntegers += read(duckdb_hugeint.self).lazy.map(Self.int128)
            }
        case .enumeration(let labels, let indexBytes):
            strings.reserveCapacity(count)
            for row in 0..<rows {
                let index: Int = switch indexBytes {
                case 1: Int(raw.load(fromByteOffset: row, as: UInt8.self))
                case 2: Int(raw.load(fromByteOffset: row * 2, as: UInt16.self))
                default: Int(raw.load(fromByteOffset: row * 4, as: UInt32.self))
                }
                strings.append(isValid(row) && index < labels.count ? labels[index] : "")
            }
        case .null: integers += repeatElement(0, count: rows)
        }
    }

    func build() -> ResultColumn {
        let values: ColumnValues = switch layout {
        case .boolean: .boolean(booleans)
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .null: .integer(integers)
        case .uint64, .hugeint: .hugeInteger(hugeIntegers)
        case .float, .double: .double(doubles)
        case .string, .enumeration: .varchar(strings)
        case .blob: .blob(blobs)
        case .date: .date(dates)
        case .timestamp: .timestamp(timestamps)
        case .decimal: .decimal(hugeIntegers)
        }
        return ResultColumn(name: name, type: type, values: values, nulls: hasNull ? nulls : [])
    }

    /// The bytes of the duckdb_string_t at `row`: 16 bytes holding a UInt32 length, then either the
    /// bytes themselves (12 or fewer, inlined) or a 4-byte prefix and a pointer to them.
    private static func stringBytes(_ base: UnsafeRawPointer, _ row: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = base + row * 16
        let length = Int(entry.load(as: UInt32.self))
        if length <= 12 {
            return UnsafeBufferPointer(start: (entry + 4).assumingMemoryBound(to: UInt8.self), count: length)
        }
        let pointer = entry.load(fromByteOffset: 8, as: UnsafePointer<UInt8>.self)
        return UnsafeBufferPointer(start: pointer, count: length)
    }

    static func int128(_ value: duckdb_hugeint) -> Int128 {
        Int128(value.upper) << 64 | Int128(value.lower)
    }
}
