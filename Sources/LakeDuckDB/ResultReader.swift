import CDuckDB

/// Reads a `duckdb_result` through the data-chunk API into Swift columns.
struct ResultReader {
    private let result: duckdb_result
    private let sql: String
    private let columns: [(name: String, type: ColumnType, layout: VectorLayout)]
    private let rowsChanged: Int

    init(result: inout duckdb_result, sql: String) throws {
        self.result = result
        self.sql = sql
        rowsChanged = Int(duckdb_rows_changed(&result))
        var columns: [(String, ColumnType, VectorLayout)] = []
        for index in 0..<duckdb_column_count(&result) {
            let name = duckdb_column_name(&result, index).map { String(cString: $0) } ?? "column\(index)"
            var logicalType: duckdb_logical_type? = duckdb_column_logical_type(&result, index)
            defer { duckdb_destroy_logical_type(&logicalType) }
            guard let logicalType else { throw DuckDBError(.read, message: "no type for column '\(name)'", sql: sql) }
            let (type, layout) = try VectorLayout.of(logicalType, column: name, sql: sql)
            columns.append((name, type, layout))
        }
        self.columns = columns
    }

    private func makeBuilders() -> [ColumnBuilder] {
        columns.map { ColumnBuilder(name: $0.name, type: $0.type, layout: $0.layout) }
    }

    /// Appends the next chunk to `builders`; false when the result is exhausted.
    private func readChunk(into builders: [ColumnBuilder]) -> Bool {
        var fetched: duckdb_data_chunk? = duckdb_fetch_chunk(result)
        guard let chunk = fetched else { return false }
        defer { duckdb_destroy_data_chunk(&fetched) }
        let rows = Int(duckdb_data_chunk_get_size(chunk))
        for (index, builder) in builders.enumerated() {
            builder.append(duckdb_data_chunk_get_vector(chunk, idx_t(index)), rows: rows)
        }
        return true
    }

    mutating func readAll() throws -> QueryResult {
        let builders = makeBuilders()
        while readChunk(into: builders) {}
        return QueryResult(columns: builders.map { $0.build() }, rowsChanged: rowsChanged)
    }

    mutating func readNextChunk() throws -> QueryResult? {
        let builders = makeBuilders()
        guard readChunk(into: builders) else { return nil }
        return QueryResult(columns: builders.map { $0.build() }, rowsChanged: rowsChanged)
    }
}
