import Testing
@testable import LakeDuckDB

@Suite struct LargeResultTests {
    static let rows = 1_000_000

    @Test func aMillionRowResultReadsCorrectly() throws {
        let connection = try Database().connect()
        let result = try connection.query("""
            SELECT i, i * 0.5::DOUBLE AS half, 'row-' || i || CASE WHEN i % 2 = 0 THEN '-with-a-long-tail' ELSE '' END AS label,
                   CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS sparse
            FROM range(\(Self.rows)) r(i) ORDER BY i
            """)
        #expect(result.rowCount == Self.rows)
        guard case .integer(let ids) = result.columns[0].values,
              case .double(let halves) = result.columns[1].values,
              case .varchar(let labels) = result.columns[2].values else {
            Issue.record("unexpected column kinds"); return
        }
        #expect(ids == Array(0..<Int64(Self.rows)))
        #expect(halves.reduce(0, +) == Double(Self.rows) * Double(Self.rows - 1) / 4)
        for i in [0, 1, 2, 12, 2_047, 2_048, 2_049, 999_998, 999_999] {
            #expect(labels[i] == "row-\(i)" + (i % 2 == 0 ? "-with-a-long-tail" : ""))
            #expect(result[i, 3] == (i % 3 == 0 ? .null : .integer(Int64(i))))
        }
        let sparse = result.columns[3]
        #expect((0..<Self.rows).filter { sparse.isNull($0) }.count == (Self.rows + 2) / 3)
    }

    @Test func chunksStreamEveryRowOnce() throws {
        let connection = try Database().connect()
        var seen = 0, sum: Int64 = 0, chunks = 0
        try connection.forEachChunk("SELECT i FROM range(100000) r(i)") { chunk in
            chunks += 1
            seen += chunk.rowCount
            if case .integer(let values) = chunk.columns[0].values { sum += values.reduce(0, +) }
        }
        #expect(seen == 100_000)
        #expect(sum == 100_000 * 99_999 / 2)
        #expect(chunks >= 100_000 / 2_048)
    }
}
