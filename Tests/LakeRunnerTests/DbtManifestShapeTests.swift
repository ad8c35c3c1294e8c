import Foundation
import Testing
@testable import LakeRunner

/// manifest.json as dbt's own parser reads it (dbt-core 1.10.23's WritableManifest.from_dict took
/// lake's manifests of every fixture on 2026-12-03): each kind of node with the fields dbt requires,
/// unit tests under `unit_tests`, docs as `doc.<package>.<name>`, and every top-level section. The
/// checksums are dbt parse's for the same fixtures.
@Suite struct DbtManifestShapeTests {
    @Test func seedsDocsAndSectionsAsDbtWritesThem() throws {
        let project = try FixtureProject("jaffle")
        try project.run()
        let manifest = try project.json("target/manifest.json")
        for section in ["nodes", "sources", "macros", "docs", "exposures", "metrics", "groups", "selectors", "disabled", "parent_map",
                        "child_map", "group_map", "saved_queries", "semantic_models", "unit_tests"] {
            #expect(manifest[section] is [String: Any], "\(section)")
        }
        let nodes = try #require(manifest["nodes"] as? [String: [String: Any]])
        // A seed's checksum is the SHA-256 of its stripped text; a generic test's is none.
        #expect(nodes["seed.jaffle.raw_customers"]?["checksum"] as? [String: String]
                == ["name": "sha256", "checksum": "090da96df1840331d76a2cc6284d30ec63a8f522b5dbf73d591d07b80435e0ac"])
        let test = try #require(nodes.first { $0.key.hasPrefix("test.jaffle.not_null_customers_customer_id.") }?.value)
        #expect(test["checksum"] as? [String: String] == ["name": "none", "checksum": ""])
        let doc = try #require((manifest["docs"] as? [String: [String: Any]])?["doc.jaffle.orders_status"])
        #expect(doc["resource_type"] as? String == "doc" && doc["package_name"] as? String == "jaffle")
        #expect(doc["original_file_path"] as? String == "models/docs.md" && doc["path"] as? String == "docs.md")
    }

    @Test func unitTestsAndSnapshotsAsDbtWritesThem() throws {
        let unitTested = try FixtureProject("unit_tests")
        try unitTested.run()
        let manifest = try unitTested.json("target/manifest.json")
        let unitTests = try #require(manifest["unit_tests"] as? [String: [String: Any]])
        let totals = try #require(unitTests["unit_test.unit_tested.customer_totals.totals_per_customer"])
        #expect(totals["resource_type"] as? String == "unit_test" && totals["model"] as? String == "customer_totals")
        #expect(totals["fqn"] as? [String] == ["unit_tested", "customer_totals", "totals_per_customer"])
        #expect((totals["depends_on"] as? [String: Any])?["nodes"] as? [String] == ["model.unit_tested.customer_totals"])
        // dbt reads a csv fixture's rows into mappings.
        let given = try #require(totals["given"] as? [[String: Any]])
        #expect(given.last?["format"] as? String == "csv")
        #expect(given.last?["rows"] as? [[String: String]] == [["customer": "alice", "tier": "gold"]])
        #expect((manifest["nodes"] as? [String: Any])?.keys.contains { $0.hasPrefix("unit_test.") } == false)

        // A snapshot's fqn as dbt parse gave it: a snapshot block's file names it too (a YAML
        // snapshot's does not).
        let snapshotted = try FixtureProject("snapshots")
        try snapshotted.run()
        let snapshots = try #require(try snapshotted.json("target/manifest.json")["nodes"] as? [String: [String: Any]])
        #expect(snapshots["snapshot.snapshotted.customers_history"]?["checksum"] as? [String: String]
                == ["name": "sha256", "checksum": "49f88382d04aa2ea6db7f65479f378a542b340756ba3f30c0c44ac9958755c23"])
        #expect(snapshots["snapshot.snapshotted.customers_history"]?["fqn"] as? [String] == ["snapshotted", "customers_history", "customers_history"])
        #expect(snapshots["snapshot.snapshotted.customers_all_columns"]?["fqn"] as? [String] == ["snapshotted", "customers_all_columns"])

        // A generic test declared in models/sub/schema.yml is in `sub` (dbt: [r6, sub, not_null_m_id]),
        // so `-s sub` selects it by itself.
        let project = try FixtureProject("jaffle")
        try project.write("models/sub/m.sql", "select 1 as id\n")
        try project.write("models/sub/schema.yml", "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        data_tests: [not_null]\n")
        try project.run()
        let jaffle = try #require(try project.json("target/manifest.json")["nodes"] as? [String: [String: Any]])
        let test = try #require(jaffle.first { $0.key.hasPrefix("test.jaffle.not_null_m_id.") }?.value)
        #expect(test["fqn"] as? [String] == ["jaffle", "sub", "not_null_m_id"])
    }
}
