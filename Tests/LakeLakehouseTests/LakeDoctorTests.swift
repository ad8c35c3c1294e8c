import Foundation
import Testing
import LakeRunner
@testable import LakeLakehouse

/// `lake doctor` on a small dbt-duckdb project, healthy and then broken five ways: a DuckDB CLI
/// that is not the library's version, a warehouse folder that cannot be made, a failed last run,
/// a last run too old, and a source past its freshness rule.
@Suite struct LakeDoctorTests {
    final class Folder {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-doctor-\(UUID().uuidString)").path
        func write(_ relative: String, _ text: String, executable: Bool = false) throws {
            let path = (root as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    func problems(_ folder: Folder, _ configure: (inout LakeDoctor.Options) -> Void = { _ in }) throws -> [String] {
        var options = LakeDoctor.Options()
        configure(&options)
        return try LakeDoctor(projectDirectory: folder.root, options: options).examine().filter { !$0.ok }.map(\.line)
    }

    @Test func aHealthyLakeAndFiveBrokenOnes() throws {
        let folder = Folder()
        try folder.write("dbt_project.yml", """
            name: checked
            version: '1.0'
            profile: checked
            on-run-start:
              - "create schema if not exists raw"
              - "create or replace table raw.events as select now()::timestamp as loaded_at"

            """)
        try folder.write("profiles.yml", "checked:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: lake/dev.duckdb}\n")
        try folder.write("models/sources.yml", """
            version: 2
            sources:
              - name: raw
                freshness: {error_after: {count: 1, period: hour}}
                loaded_at_field: loaded_at
                tables: [{name: events}]

            """)
        try folder.write("models/counted.sql", "select count(*) as n from {{ source('raw', 'events') }}\n")
        #expect(try problems(folder) == ["no run yet (target/run_results.json): run `lake run`"])
        #expect(try Runner(projectDirectory: folder.root, options: RunOptions(), output: { _ in }).run().exitCode == 0)
        #expect(try problems(folder) == [])

        // 1. A DuckDB CLI of another version than the library.
        try folder.write("bin/duckdb", "#!/bin/sh\necho 'v0.9.2 3c695d7ba9'\n", executable: true)
        #expect(try problems(folder) { $0.cli = folder.root + "/bin/duckdb" }.first?.hasPrefix("DuckDB CLI v0.9.2 3c695d7ba9: not the library's v") == true)

        // 2. Three hours on, the source is past its freshness rule; 3. thirty hours on, so is the run.
        let later = try problems(folder) { $0.now = Date().addingTimeInterval(3 * 3600) }
        #expect(later.count == 1 && later[0].hasPrefix("source raw.events: newest data 3.0 h old, past its error_after of 60 min"), "\(later)")
        let muchLater = try problems(folder) { $0.now = Date().addingTimeInterval(30 * 3600) }
        #expect(muchLater.contains("the last run finished 30.0 h ago, longer than 25.0 h"), "\(muchLater)")

        // 4. A failed last run.
        try folder.write("models/broken.sql", "select no_such_column from {{ ref('counted') }}\n")
        #expect(try Runner(projectDirectory: folder.root, options: RunOptions(), output: { _ in }).run().exitCode == 1)
        let failed = try problems(folder)
        #expect(failed.count == 1 && failed[0].hasSuffix("had 1 failure: model.checked.broken"), "\(failed)")

        // 5. A warehouse whose folder cannot be made: a file stands where it would be.
        try folder.write("profiles.yml", "checked:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: blocker/lake/dev.duckdb}\n")
        try folder.write("blocker", "not a folder\n")
        #expect(try problems(folder).contains("the warehouse folder \(folder.root)/blocker/lake cannot be made: \(folder.root)/blocker is a file"))
    }
}
