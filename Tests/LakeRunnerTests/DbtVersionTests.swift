import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// Model versions (Fixtures/versions): `dim_customers` in three versions — v1 in its suffixed
/// file, v2 (the latest) in the unsuffixed file, v3 a prerelease `defined_in` another file with an
/// alias — with columns included and excluded per version, tests per version, and models reading
/// the latest version and a pinned one. Every expected relation, row, unique id, test name and
/// selection is what dbt-duckdb 1.10 (dbt-core 1.10.23) gave for this fixture on 2026-12-02
/// (`dbt build`, `dbt ls -s …`), unit tests included.
@Suite struct DbtVersionTests {
    @Test func versionsBuildTestAndResolveAsDbt() throws {
        let project = try FixtureProject("versions")
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        #expect(summary.results.map(\.uniqueId).filter { $0.hasPrefix("model.") }.sorted() == [
            "model.versioned.dim_customers.v1", "model.versioned.dim_customers.v2", "model.versioned.dim_customers.v3",
            "model.versioned.legacy_orders", "model.versioned.orders",
        ])
        #expect(summary.results.map(\.uniqueId).filter { $0.hasPrefix("test.") }.sorted() == [
            "test.versioned.accepted_values_dim_customers_v2_region__north__south.7dd1321150",
            "test.versioned.dbt_utils_free_row_count_check_dim_customers_v1_.8b4c6eed9b",
            "test.versioned.dbt_utils_free_row_count_check_dim_customers_v2_.25cef3f035",
            "test.versioned.not_null_dim_customers_v1_id.ccb11c9411", "test.versioned.not_null_dim_customers_v1_legacy.0ecb908d97",
            "test.versioned.not_null_dim_customers_v2_id.e004801966", "test.versioned.not_null_dim_customers_v3_id.4e43c44196",
            "test.versioned.unique_dim_customers_v1_id.f55d167630", "test.versioned.unique_dim_customers_v2_id.7ee817a038",
            "test.versioned.unique_dim_customers_v3_id.45f7d18552",
        ])
        #expect(try project.query("SELECT table_name, table_type FROM information_schema.tables ORDER BY ALL", warehouse: "dev.duckdb").rows == [
            ["customers_preview", "BASE TABLE"], ["dim_customers_v1", "BASE TABLE"], ["dim_customers_v2", "BASE TABLE"],
            ["legacy_orders", "VIEW"], ["orders", "VIEW"],
        ])
        // ref('dim_customers') is v2; version=1 and v=2 pin; `model` is dbt's node (name and version).
        #expect(try project.query("SELECT * FROM orders ORDER BY ALL", warehouse: "dev.duckdb").rows == [[10, 1, "north"], [20, 2, "south"]])
        #expect(try project.query("SELECT * FROM legacy_orders ORDER BY ALL", warehouse: "dev.duckdb").rows == [[10, "x"], [20, "y"]])
        #expect(try project.query("SELECT * FROM customers_preview ORDER BY ALL", warehouse: "dev.duckdb").rows
                == [[1, "alice", "north", "dim_customers/3"], [2, "bob", "south", "dim_customers/3"]])

        let graph = try ProjectCompiler.compile(try Project.load(root: project.root))
        func models(_ selector: String) throws -> [String] {
            try Selector(graph: graph).select([selector]).compactMap { graph.nodes[$0] }.filter { $0.kind == .model }.map(\.uniqueId).sorted()
        }
        #expect(try models("dim_customers") == ["model.versioned.dim_customers.v1", "model.versioned.dim_customers.v2", "model.versioned.dim_customers.v3"])
        #expect(try models("dim_customers.v1") == ["model.versioned.dim_customers.v1"])
        #expect(try models("version:latest") == ["model.versioned.dim_customers.v2"])
        #expect(try models("version:prerelease") == ["model.versioned.dim_customers.v3"])
        #expect(try models("version:old") == ["model.versioned.dim_customers.v1"])
        #expect(try models("version:none") == ["model.versioned.legacy_orders", "model.versioned.orders"])
        #expect(try models("package:versioned").count == 5)
        // A unit test of a versioned model runs on each version (less the excluded), named as dbt
        // names them; a `given` ref to the model stands in for the version the model reads.
        #expect(summary.results.map(\.uniqueId).filter { $0.hasPrefix("unit_test.") }.sorted() == [
            "unit_test.versioned.dim_customers.every_version_keeps_ids_v1", "unit_test.versioned.dim_customers.every_version_keeps_ids_v2",
            "unit_test.versioned.orders.orders_scale_ids",
        ])
        #expect(summary.results.filter { $0.uniqueId.hasPrefix("unit_test.") }.allSatisfy { $0.status == .pass })
        #expect(graph.nodes["model.versioned.dim_customers.v3"]?.columns.map(\.name) == ["id"])
        #expect(graph.nodes["model.versioned.dim_customers.v2"]?.columns.map(\.name) == ["id", "name", "region"])
    }

    @Test func aVersionWithoutAFileIsNamed() throws {
        let project = try FixtureProject("versions")
        try FileManager.default.removeItem(atPath: project.path("models/dim_customers_v1.sql"))
        #expect { try Project.load(root: project.root) } throws: { error in
            "\(error)".contains("models/schema.yml:") && "\(error)".contains("version 1 of model dim_customers has no file: lake looked for dim_customers_v1.sql")
        }
    }

    /// `deprecation_date` as dbt parse (dbt-core 1.10.23) of this fixture gave it on 2026-12-03,
    /// with v1 dated 2024-01-01 and the model 2099-06-01T12:00:00+02:00: v1's in the system's zone
    /// (UTC here) and a warning that it has passed; the model's date reaches no version.
    @Test func deprecationDatesAsDbtNormalizesThem() throws {
        let project = try FixtureProject("versions")
        let schema = try String(contentsOfFile: project.path("models/schema.yml"), encoding: .utf8)
        try project.write("models/schema.yml", schema.replacingOccurrences(of: "    versions:\n      - v: 1\n", with: """
                deprecation_date: 2099-06-01T12:00:00+02:00
                versions:
                  - v: 1
                    deprecation_date: 2024-01-01

            """))
        let loaded = try Project.load(root: project.root)
        let graph = try ProjectCompiler.compile(loaded)
        let utc = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 1_704_067_200)) == 0
        if utc { #expect(graph.nodes["model.versioned.dim_customers.v1"]?.deprecationDate == "2024-01-01T00:00:00+00:00") }
        #expect(graph.nodes["model.versioned.dim_customers.v1"]?.deprecationDate?.hasPrefix("2024-01-01T00:00:00") == true)
        #expect(graph.nodes["model.versioned.dim_customers.v2"]?.deprecationDate == nil)
        #expect(loaded.notices.contains { $0.contains("model dim_customers.v1 has passed its deprecation date of 2024-01-01T00:00:00") })
        try project.write("models/schema.yml", schema.replacingOccurrences(of: "    versions:\n      - v: 1\n", with: """
                versions:
                  - v: 1
                    deprecation_date: 2099-06-01T12:00:00+02:00

            """))
        let future = try ProjectCompiler.compile(try Project.load(root: project.root))
        #expect(future.nodes["model.versioned.dim_customers.v1"]?.deprecationDate == "2099-06-01T12:00:00+02:00")
    }
}
