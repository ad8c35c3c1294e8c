import Testing
@testable import LakeProject

/// The ids are dbt's (dbt-core's `UniqueID` formats in its manifest): built in one place, read back
/// by `name(of:)` to the name lake shows.
@Suite struct NodeIDTests {
    @Test func idsAreDbtsAndReadBackToTheirNames() {
        let cases: [(id: String, expected: String, name: String)] = [
            (NodeID.model(package: "shop", name: "orders"), "model.shop.orders", "orders"),
            (NodeID.modelVersion(package: "shop", model: "orders", version: "2"), "model.shop.orders.v2", "orders_v2"),
            (NodeID.seed(package: "pkg", name: "countries"), "seed.pkg.countries", "countries"),
            (NodeID.snapshot(package: "shop", name: "orders_history"), "snapshot.shop.orders_history", "orders_history"),
            (NodeID.source(package: "shop", source: "raw", table: "orders"), "source.shop.raw.orders", "raw.orders"),
            (NodeID.singularTest(package: "shop", name: "no_refunds"), "test.shop.no_refunds", "no_refunds"),
            (NodeID.genericTest(package: "shop", name: "unique_orders_id", suffix: "fa2cd86d4a"),
             "test.shop.unique_orders_id.fa2cd86d4a", "unique_orders_id"),
            (NodeID.unitTest(package: "shop", model: "orders", name: "totals_add_up"), "unit_test.shop.orders.totals_add_up", "totals_add_up"),
            (NodeID.operation(package: "shop", name: "shop-on-run-end-0"), "operation.shop.shop-on-run-end-0", "shop-on-run-end-0"),
            (NodeID.exposure(package: "shop", name: "dashboard"), "exposure.shop.dashboard", "dashboard"),
            (NodeID.savedQuery(package: "shop", name: "weekly"), "saved_query.shop.weekly", "weekly"),
        ]
        for (id, expected, name) in cases {
            #expect(id == expected)
            #expect(NodeID.name(of: id) == name, "\(id)")
        }
        #expect(NodeID.isUnitTest("unit_test.shop.orders.totals_add_up"))
        #expect(!NodeID.isUnitTest("test.shop.no_refunds"))
        #expect(NodeID.isOperation("operation.shop.shop-on-run-end-0"))
    }
}
