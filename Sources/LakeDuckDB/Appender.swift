import CDuckDB

/// Writes rows into a table in bulk, far faster than INSERT statements.
///
/// Values go in column order, one row at a time: `append(…)` each value, then `endRow()`; or
/// `appendRow([…])`. Rows reach the table on `flush()` or `close()` (and every few thousand rows).
/// An appender that goes away without `close()` is destroyed; DuckDB flushes what it holds then.
public final class Appender {
    private var handle: duckdb_appender?
    private let connection: Connection
    public let table: String
    /// Rows completed with `endRow()` since the appender was made.
    public private(set) var rowCount = 0

    init(connection: Connection, catalog: String?, schema: String?, table: String) throws {
        self.connection = connection
        self.table = table
        var appender: duckdb_appender?
        let state = duckdb_appender_create_ext(connection.handle, catalog, schema, table, &appender)
        handle = appender
        guard state == DuckDBSuccess else {
            let message = Self.message(appender) ?? "could not create an appender for table '\(table)'"
            duckdb_appender_destroy(&handle)
            throw DuckDBError(.append, message: message)
        }
    }

    deinit { duckdb_appender_destroy(&handle) }

    public func append(_ value: Bool) throws { try check(duckdb_append_bool(handle, value)) }
    public func append(_ value: Int64) throws { try check(duckdb_append_int64(handle, value)) }
    public func append(_ value: Int) throws { try check(duckdb_append_int64(handle, Int64(value))) }
    public func append(_ value: Double) throws { try check(duckdb_append_double(handle, value)) }
    public func append(_ value: DuckDBDate) throws { try check(duckdb_append_date(handle, value.cDate)) }
    public func append(_ value: DuckDBTimestamp) throws { try check(duckdb_append_timestamp(handle, value.cTimestamp)) }
    public func appendNull() throws { try check(duckdb_append_null(handle)) }

    public func append(_ value: String) throws {
        var value = value
        try value.withUTF8 { bytes in
            try bytes.withMemoryRebound(to: CChar.self) {
                try check(duckdb_append_varchar_length(handle, $0.baseAddress, idx_t($0.count)))
            }
        }
    }

    public func append(_ value: DuckDBValue) throws {
        switch value {
        case .null: try appendNull()
        case .boolean(let value): try append(value)
        case .integer(let value): try append(value)
        case .hugeInteger(let value): try check(duckdb_append_hugeint(handle, value.duckDBHugeint))
        case .double(let value): try append(value)
        case .varchar(let value): try append(value)
        case .blob(let bytes):
            try bytes.withUnsafeBytes { try check(duckdb_append_blob(handle, $0.baseAddress, idx_t($0.count))) }
        case .date(let value): try append(value)
        case .timestamp(let value): try append(value)
        case .decimal(let value):
            // The C API has no decimal append; a DOUBLE would round, so go through its exact text.
            try append(value.description)
        }
    }

    /// Finishes the current row; every column must have had a value.
    public func endRow() throws {
        try check(duckdb_appender_end_row(handle))
        rowCount += 1
    }

    public func appendRow(_ values: [DuckDBValue]) throws {
        for value in values { try append(value) }
        try endRow()
    }

    /// Appends rows given as whole columns of DOUBLE values, one per table column, a vector of
    /// rows at a time: a copy per column per 2,048 rows instead of a call per value (567,498 rows
    /// of two values took 0.075 s value by value). Call it between rows, not within one.
    public func append(doubleColumns columns: [[Double]]) throws {
        let columnCount = Int(duckdb_appender_column_count(handle))
        guard columns.count == columnCount else {
            throw DuckDBError(.append, message: "'\(table)' has \(columnCount) columns; \(columns.count) were given")
        }
        let rows = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == rows }) else { throw DuckDBError(.append, message: "columns of different lengths for '\(table)'") }
        var types: [duckdb_logical_type?] = (0..<columnCount).map { duckdb_appender_column_type(handle, idx_t($0)) }
        defer { for index in types.indices { duckdb_destroy_logical_type(&types[index]) } }
        if let other = types.firstIndex(where: { duckdb_get_type_id($0) != DUCKDB_TYPE_DOUBLE }) {
            throw DuckDBError(.append, message: "column \(other + 1) of '\(table)' is not DOUBLE")
        }
        var chunk: duckdb_data_chunk? = duckdb_create_data_chunk(&types, idx_t(columnCount))
        defer { duckdb_destroy_data_chunk(&chunk) }
        let vectorSize = Int(duckdb_vector_size())
        for start in stride(from: 0, to: rows, by: vectorSize) {
            let count = min(vectorSize, rows - start)
            for (index, column) in columns.enumerated() {
                let target = duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk, idx_t(index)))!.assumingMemoryBound(to: Double.self)
                column.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + start, count: count) }
            }
            duckdb_data_chunk_set_size(chunk, idx_t(count))
            try check(duckdb_append_data_chunk(handle, chunk))
        }
        rowCount += rows
    }

    /// Writes buffered rows to the table; constraint violations surface here.
    public func flush() throws { try check(duckdb_appender_flush(handle)) }

    /// Flushes and closes; the appender cannot be used afterwards.
    public func close() throws { try check(duckdb_appender_close(handle)) }

    private func check(_ state: duckdb_state) throws {
        guard state != DuckDBSuccess else { return }
        throw DuckDBError(.append, message: Self.message(handle) ?? "append to '\(table)' failed")
    }

    private static func message(_ appender: duckdb_appender?) -> String? {
        guard let appender else { return nil }
        var error: duckdb_error_data? = duckdb_appender_error_data(appender)
        defer { duckdb_destroy_error_data(&error) }
        guard let error, duckdb_error_data_has_error(error), let text = duckdb_error_data_message(error) else { return nil }
        return String(cString: text)
    }
}
