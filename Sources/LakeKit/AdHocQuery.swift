/// `lake query`: one statement against the warehouse, read-only, so it never contends with a run.
public struct AdHocQuery {
    public let warehousePath: String

    public init(warehousePath: String) { self.warehousePath = warehousePath }

    public func run(_ sql: String, format: ResultFormatter.Format) throws -> String {
        let database = try Warehouse.open(path: warehousePath, readOnly: true)
        let result = try database.connect().query(sql)
        return ResultFormatter.render(result, as: format)
    }
}
