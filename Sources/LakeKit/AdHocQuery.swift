/// `lake query`: one statement against the warehouse, read-only, so it never contends with a run.
/// On a lake it reads the last committed snapshot, or an earlier one (`at`).
///
/// Read-only is enforced three ways: the statement must be a query (SELECT, EXPLAIN; DuckDB's parser
/// says which), the lake is attached read-only, and the connection cannot touch files outside the
/// project and the lake (`Warehouse`'s reader fence).
public struct AdHocQuery {
    /// Where in a lake's history to read.
    public enum Point: Sendable, Equatable {
        case latest
        case run(String)
        case snapshot(Int)
        case time(String)
    }

    public let location: WarehouseLocation
    public let point: Point

    public init(location: WarehouseLocation, at point: Point = .latest) {
        self.location = location
        self.point = point
    }

    static let readOnlyKinds: Set<StatementKind> = [.select, .explain]

    public func run(_ sql: String, format: ResultFormatter.Format, maxRows: Int? = nil) throws -> String {
        let connection = try Warehouse.open(location, try access()).connect()
        let statement: PreparedStatement
        do { statement = try connection.prepare(sql) } catch let error as DuckDBError {
            throw LakeError(error.message.contains("multiple statements")
                ? "lake query runs one statement at a time; this text holds several (run them one by one, or use `lake sql`)"
                : error.message)
        }
        guard Self.readOnlyKinds.contains(statement.kind) else {
            throw LakeError("lake query is read-only: it runs SELECT and EXPLAIN statements, and this is a \(statement.kind.rawValue) statement "
                + "(writes belong in models; `lake sql --write` opens a writable session)")
        }
        return ResultFormatter.render(try statement.query(), as: format, maxRows: maxRows)
    }

    private func access() throws -> WarehouseAccess {
        switch point {
        case .latest: return .read
        case .snapshot(let id): return .readAt(.snapshot(id))
        case .time(let time): return .readAt(.time(time))
        case .run(let id): return .readAt(.snapshot(try LakeHistory.read(location).snapshot(ofRun: id)))
        }
    }
}
