import CDuckDB

/// Conversions from lake's value types to the C API's structs, shared by binding and appending.
extension Int128 {
    var duckDBHugeint: duckdb_hugeint {
        duckdb_hugeint(lower: UInt64(truncatingIfNeeded: self), upper: Int64(truncatingIfNeeded: self >> 64))
    }
}

extension DuckDBDecimal {
    var cDecimal: duckdb_decimal { duckdb_decimal(width: width, scale: scale, value: unscaled.duckDBHugeint) }
}

extension DuckDBDate {
    var cDate: duckdb_date { duckdb_date(days: daysSinceEpoch) }
}

extension DuckDBTimestamp {
    var cTimestamp: duckdb_timestamp { duckdb_timestamp(micros: microsecondsSinceEpoch) }
}
