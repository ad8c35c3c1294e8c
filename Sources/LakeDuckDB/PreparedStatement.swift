import CDuckDB

/// A statement parsed once and run many times with different parameters.
public final class PreparedStatement {
    private var handle: duckdb_prepared_statement?
    /// Kept so the connection outlives the statement.
    private let connection: Connection
    public let sql: String

    init(connection: Connection, sql: String) throws {
        self.connection = connection
        self.sql = sql
        var statement: duckdb_prepared_statement?
        let state = duckdb_prepare(connection.handle, sql, &statement)
        guard state == DuckDBSuccess, let statement else {
            let message = statement.flatMap { duckdb_prepare_error($0) }.map { String(cString: $0) } ?? "unknown error"
            duckdb_destroy_prepare(&statement)
            throw DuckDBError(.prepare, message: message, sql: sql, type: .named(in: message))
        }
        handle = statement
    }

    deinit { duckdb_destroy_prepare(&handle) }

    /// What kind of statement this is, as DuckDB's parser saw it.
    public var kind: StatementKind { StatementKind(duckdb_prepared_statement_type(handle)) }

    /// How many parameters the statement takes.
    public var parameterCount: Int { Int(duckdb_nparams(handle)) }

    /// Binds `values` to parameters 1…n, replacing earlier bindings.
    public func bind(_ values: [DuckDBValue]) throws {
        guard values.count == parameterCount else {
            throw DuckDBError(.bind, message: "the statement takes \(parameterCount) parameters, \(values.count) given", sql: sql)
        }
        duckdb_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = idx_t(offset + 1)
            let state: duckdb_state = switch value {
            case .null: duckdb_bind_null(handle, index)
            case .boolean(let value): duckdb_bind_boolean(handle, index, value)
            case .integer(let value): duckdb_bind_int64(handle, index, value)
            case .hugeInteger(let value): duckdb_bind_hugeint(handle, index, value.duckDBHugeint)
            case .double(let value): duckdb_bind_double(handle, index, value)
            case .varchar(let value):
                value.utf8CString.withUnsafeBufferPointer {
                    duckdb_bind_varchar_length(handle, index, $0.baseAddress, idx_t($0.count - 1))
                }
            case .blob(let bytes): bytes.withUnsafeBytes { duckdb_bind_blob(handle, index, $0.baseAddress, idx_t($0.count)) }
            case .date(let value): duckdb_bind_date(handle, index, value.cDate)
            case .timestamp(let value): duckdb_bind_timestamp(handle, index, value.cTimestamp)
            case .decimal(let value): duckdb_bind_decimal(handle, index, value.cDecimal)
            }
            guard state == DuckDBSuccess else {
                throw DuckDBError(.bind, message: "could not bind parameter \(offset + 1) to \(value)", sql: sql)
            }
        }
    }

    /// Runs the statement with its current bindings and reads the result.
    @discardableResult
    public func query() throws -> QueryResult {
        var result = duckdb_result()
        let state = duckdb_execute_prepared(handle, &result)
        defer { duckdb_destroy_result(&result) }
        guard state == DuckDBSuccess else {
            throw DuckDBError(.execute, message: Connection.errorMessage(of: &result), sql: sql, type: .of(&result))
        }
        var reader = try ResultReader(result: &result, sql: sql)
        return try reader.readAll()
    }

    /// Binds `values` and runs the statement.
    @discardableResult
    public func query(_ values: [DuckDBValue]) throws -> QueryResult {
        try bind(values)
        return try query()
    }
}
