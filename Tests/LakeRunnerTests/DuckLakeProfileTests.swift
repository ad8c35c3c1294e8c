import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// A dbt-duckdb project whose profile attaches a DuckLake and makes it the target's database runs
/// under lake unchanged: its tables land in the lake, one labelled snapshot per node.
@Suite struct DuckLakeProfileTests {
    @Test func aProfileThatAttachesADuckLakeBuildsIntoIt() throws {
        let project = try FixtureProject("jaffle")
        try project.write("profiles.yml", """
            jaffle:
              target: dev
              outputs:
                dev:
                  type: duckdb
                  path: ':memory:'
                  threads: 2
                  attach:
                    - path: 'ducklake:sqlite:lake/metadata.sqlite'
                      alias: jaffle_lake
                      options:
                        data_path: lake/files/
                  database: jaffle_lake
            """)
        try project.write("models/partitioned.sql", "{{ config(materialized='table', partition_by='k') }}\nselect range % 3 as k, range as v from range(30)")
        let settings = try ProjectSettings.load(projectDirectory: project.root)
        #expect(settings.lakehouse == LakehouseSettings(catalog: .sqlite(path: "lake/metadata.sqlite"), dataPath: "lake/files/", alias: "jaffle_lake"))
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")

        let location = WarehouseLocation(settings: settings, root: project.root)
        let connection = try Warehouse.open(location, .read).connect()
        #expect(try connection.query("SELECT current_database()").scalar(String.self) == "jaffle_lake")
        let tables = try connection.query("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'jaffle_lake'").scalar(Int.self) ?? 0
        #expect(tables >= 3)
        #expect(FileManager.default.fileExists(atPath: project.path("lake/metadata.sqlite")))
        let files = try FileManager.default.subpathsOfDirectory(atPath: project.path("lake/files")).filter { $0.hasSuffix(".parquet") }
        #expect(!files.isEmpty)
        // partition_by lays the table's files out by its values.
        #expect(try connection.query("SELECT count(*) FROM partitioned").scalar(Int.self) == 30)
        let partitions = try FileManager.default.contentsOfDirectory(atPath: project.path("lake/files/main/partitioned")).sorted()
        #expect(partitions == ["k=0", "k=1", "k=2"])
        // Every commit names the run and the node.
        let labelled = try connection.query("""
            SELECT count(*) FROM ducklake_snapshots('jaffle_lake') WHERE json_extract_string(commit_extra_info, '$.run_id') = ?
            """, [.varchar(summary.runId)]).scalar(Int.self) ?? 0
        #expect(labelled >= tables)
    }

    /// When the lake cannot say what changed since a model's last build (here a variable it reads
    /// changed), lake empties the model and builds it again, and `is_incremental()` is false
    /// while it renders, as for a first build: a filter on the model's own rows would otherwise
    /// read the emptied table (max(id) of no rows is NULL) and keep nothing.
    @Test func aModelRebuiltFromEmptyRendersAsAFirstBuild() throws {
        let project = try FixtureProject("shop")
        let text = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        try project.write("lake.yml", text + "\nlakehouse:\n  catalog: sqlite:data_lake/catalog.sqlite\n  data_path: data_lake/data/\n")
        try project.write("models/numbers.sql", "{{ config(materialized='table') }}\nselect range as id from range({{ var('n') }})")
        try project.write("models/numbers_seen.sql", """
            {{ config(materialized='incremental') }}
            select id from {{ changes(ref('numbers')) }} where change_type = 'insert'
            {% if is_incremental() %} and id > (select max(id) from {{ this }}){% endif %}
            """)
        for n in [5, 8] {
            let (summary, output) = try project.run { $0.select = ["numbers", "numbers_seen"]; $0.variables = ["n": .int(n)] }
            #expect(summary.exitCode == 0, "\(output)")
            if n == 8 { #expect(output.contains("numbers_seen ................... 8 rows") && output.contains("note: recomputed from every row of its parents: its SQL changed"), "\(output)") }
            let location = WarehouseLocation(settings: try ProjectSettings.load(projectDirectory: project.root), root: project.root)
            let seen = try Warehouse.open(location, .read).connect().query("SELECT count(*), max(id) FROM numbers_seen")
            #expect(try seen.value(Int.self, row: 0, column: 0) == n)
            #expect(try seen.value(Int.self, row: 0, column: 1) == n - 1)
        }
    }

    @Test func aBadLakehouseBlockPointsAtItsLine() throws {
        let project = try FixtureProject("shop")
        let text = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        try project.write("lake.yml", text + "\nlakehouse:\n  catalog: mysql:somewhere\n")
        #expect {
            try ProjectSettings.load(projectDirectory: project.root)
        } throws: { error in
            "\(error)".contains("lake.yml:") && "\(error)".contains("use sqlite:<path>, postgres:<connection string> or duckdb:<path>")
        }
        try project.write("lake.yml", text + "\nlakehouse:\n  catalog: sqlite:x.sqlite\n  data_paht: y/\n")
        #expect {
            try ProjectSettings.load(projectDirectory: project.root)
        } throws: { error in "\(error)".contains("unknown key 'data_paht' in lakehouse (closest: data_path") }
        try project.write("lake.yml", text + "\nlakehouse:\n  catalog: sqlite:x.sqlite\n  compression: zip\n")
        #expect {
            try ProjectSettings.load(projectDirectory: project.root)
        } throws: { error in "\(error)".contains("lake.yml:") && "\(error)".contains("lakehouse compression 'zip': use one of uncompressed, snappy") }
    }

    /// `compression:` picks the Parquet codec of the files lake writes, and the catalog keeps it.
    @Test func theLakesParquetCodecIsASetting() throws {
        let project = try FixtureProject("shop")
        let text = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        for codec in ["zstd", "uncompressed"] {
            try project.write("lake.yml", text + "\nlakehouse:\n  catalog: sqlite:lake/catalog.sqlite\n  compression: \(codec)\n")
            let (summary, output) = try project.run()
            #expect(summary.exitCode == 0, "\(output)")
            let settings = try ProjectSettings.load(projectDirectory: project.root)
            let connection = try Warehouse.open(WarehouseLocation(settings: settings, root: project.root), .read).connect()
            let files = try connection.query("SELECT data_file FROM ducklake_list_files('lake', 'user_summary')").columns[0].decode(String.self).compactMap { $0 }
            let codecs = try connection.query("SELECT DISTINCT compression FROM parquet_metadata(?)", [.varchar(files.last ?? "")])
                .columns[0].decode(String.self)
            #expect(codecs == [codec.uppercased()], "\(codec)")
        }
    }
}
