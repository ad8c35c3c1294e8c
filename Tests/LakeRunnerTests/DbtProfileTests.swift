import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// profiles.yml as dbt reads it: Jinja rendered, the target chosen by --target / DBT_TARGET, the
/// file found through --profiles-dir / DBT_PROFILES_DIR, dbt-duckdb's settings and extensions, and
/// every key lake does not use reported.
@Suite struct DbtProfileTests {
    private func project() throws -> (root: String, profiles: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lake-profile-\(UUID().uuidString)").path
        let root = base + "/project", profiles = base + "/profiles"
        try FileManager.default.createDirectory(atPath: root + "/models", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: profiles, withIntermediateDirectories: true)
        try "name: prof\nprofile: prof\n".write(toFile: root + "/dbt_project.yml", atomically: true, encoding: .utf8)
        try """
            {{ config(materialized='table') }}
            select current_setting('threads') as threads_setting, '{{ target.name }}' as target_name
            """.write(toFile: root + "/models/m.sql", atomically: true, encoding: .utf8)
        try """
            prof:
              target: "{{ env_var('PROF_TARGET', 'dev') }}"
              outputs:
                dev:
                  type: duckdb
                  path: "{{ env_var('PROF_DIR') }}/dev.duckdb"
                  threads: "{{ env_var('PROF_THREADS', '2') }}"
                  settings: {threads: 3}
                  keepalives_idle: 0
                prod:
                  type: duckdb
                  path: "{{ var('prod_file', 'prod.duckdb') }}"
                  extensions: [no_such_extension]
            """.write(toFile: profiles + "/profiles.yml", atomically: true, encoding: .utf8)
        return (root, profiles)
    }

    @Test func theProfileIsRenderedAndItsTargetChosenAsDbtDoes() throws {
        let (root, profiles) = try project()
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        let environment = ["PROF_DIR": "/data", "PROF_THREADS": "5", "DBT_PROFILES_DIR": profiles]
        let dev = try ProjectSettings.load(projectDirectory: root, profile: ProfileSelection(environment: environment))
        #expect(dev.targetName == "dev" && dev.warehouse == "/data/dev.duckdb" && dev.threads == 5)
        #expect(dev.duckdbSettings.map { "\($0.0)=\($0.1)" } == ["threads=3"])
        #expect(dev.unsupported == ["\(profiles)/profiles.yml:9: lake does not use `keepalives_idle` of target 'dev'"])
        // DBT_TARGET, and --target over it; the target's Jinja may read --vars.
        let fromEnvironment = try ProjectSettings.load(projectDirectory: root, profile: ProfileSelection(environment: environment.merging(["DBT_TARGET": "prod"]) { $1 }))
        #expect(fromEnvironment.targetName == "prod" && fromEnvironment.warehouse == "prod.duckdb" && fromEnvironment.extensions == ["no_such_extension"])
        var flagged = ProfileSelection(target: "dev", environment: environment.merging(["DBT_TARGET": "prod"]) { $1 })
        #expect(try ProjectSettings.load(projectDirectory: root, profile: flagged).targetName == "dev")
        flagged = ProfileSelection(target: "prod", environment: environment)
        flagged.variables = ["prod_file": .string("/srv/prod.duckdb")]
        #expect(try ProjectSettings.load(projectDirectory: root, profile: flagged).warehouse == "/srv/prod.duckdb")
        // A misspelt target, a missing variable and a folder without profiles.yml are errors that say where.
        let misspelt = #expect(throws: (any Error).self) {
            try ProjectSettings.load(projectDirectory: root, profile: ProfileSelection(target: "prd", environment: environment))
        }
        #expect("\(misspelt!)".contains("profile 'prof' has no output 'prd' (closest: prod)"))
        let unset = #expect(throws: (any Error).self) {
            try ProjectSettings.load(projectDirectory: root, profile: ProfileSelection(environment: ["DBT_PROFILES_DIR": profiles]))
        }
        #expect("\(unset!)".contains("profiles.yml:6:"), "\(unset!)")
        #expect("\(unset!)".contains("env_var('PROF_DIR'): the environment variable is not set"), "\(unset!)")
        let nowhere = #expect(throws: (any Error).self) {
            try ProjectSettings.load(projectDirectory: root, profile: ProfileSelection(profilesDirectory: root + "/models", environment: [:]))
        }
        #expect("\(nowhere!)".contains("no profiles.yml in \(root)/models"))
    }

    @Test func settingsApplyToEveryConnectionAndExtensionsLoadOnlyFromDisk() throws {
        let (root, profiles) = try project()
        let base = (root as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: base) }
        var options = RunOptions()
        options.profile = ProfileSelection(profilesDirectory: profiles, environment: ["PROF_DIR": base])
        let printed = Printed()
        let summary = try Runner(projectDirectory: root, options: options, output: printed.append).run()
        #expect(summary.exitCode == 0, "\(printed.text)")
        #expect(printed.text.contains("Note: \(profiles)/profiles.yml:9: lake does not use `keepalives_idle` of target 'dev'"))
        let connection = try Database(path: base + "/dev.duckdb", configuration: .init(accessMode: .readOnly)).connect()
        #expect(try connection.query("SELECT threads_setting, target_name FROM m").rows == [[3, "dev"]])

        options.profile = ProfileSelection(target: "prod", profilesDirectory: profiles, environment: [:])
        let failed = #expect(throws: (any Error).self) { try Runner(projectDirectory: root, options: options, output: { _ in }).run() }
        #expect("\(failed!)".contains("the profile's extension 'no_such_extension' is not installed on this machine"))
    }

    /// `dbt run --project-dir proj` started in a folder holding profiles.yml and the data
    /// (khozzy/dbt-duckdb-recipies runs so): dbt-duckdb opens the profile's relative `path:`, the
    /// SQL's relative files (globs included) and a source's relative `external_location` from where
    /// dbt was started; the project's own
    /// files (target/) stay in the project. Relations are named with the target's database, as
    /// dbt-duckdb renders them ("dev"."main"."x"), so SQL that splits a relation's name sees three parts.
    @Test func relativePathsResolveWhereDbtWasStarted() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lake-workdir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = base + "/proj"
        try FileManager.default.createDirectory(atPath: root + "/models", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/data/parts", withIntermediateDirectories: true)
        try "{\"id\": 1}\n".write(toFile: base + "/data/parts/a.json", atomically: true, encoding: .utf8)
        try "{\"id\": 2}\n".write(toFile: base + "/data/parts/b.json", atomically: true, encoding: .utf8)
        try "name: wd\nprofile: wd\n".write(toFile: root + "/dbt_project.yml", atomically: true, encoding: .utf8)
        try "wd:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: dev.duckdb}\n"
            .write(toFile: base + "/profiles.yml", atomically: true, encoding: .utf8)
        try "{{ config(materialized='table') }}\nselect id from read_json('data/parts/*.json')"
            .write(toFile: root + "/models/parts.sql", atomically: true, encoding: .utf8)
        try "{{ config(materialized='table') }}\nselect '{{ ref(\"parts\") }}' as named, count(*) as n from {{ ref('parts') }}"
            .write(toFile: root + "/models/named.sql", atomically: true, encoding: .utf8)
        // A source's plain relative external_location is a path DuckDB opens from there too.
        try "version: 2\nsources:\n  - name: raw\n    meta: {external_location: 'data/parts/{name}.json'}\n    tables: [{name: a}]\n"
            .write(toFile: root + "/models/sources.yml", atomically: true, encoding: .utf8)
        try "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'a') }}"
            .write(toFile: root + "/models/from_source.sql", atomically: true, encoding: .utf8)

        var options = RunOptions()
        options.profile = ProfileSelection(environment: [:])
        options.profile.workingDirectory = base
        let summary = try Runner(projectDirectory: root, options: options, output: { _ in }).run()
        #expect(summary.exitCode == 0, "\(summary.results.map(\.message))")
        #expect(FileManager.default.fileExists(atPath: base + "/dev.duckdb"))
        #expect(!FileManager.default.fileExists(atPath: root + "/dev.duckdb"))
        #expect(FileManager.default.fileExists(atPath: root + "/target/run_results.json"))
        let connection = try Database(path: base + "/dev.duckdb", configuration: .init(accessMode: .readOnly)).connect()
        #expect(try connection.query("SELECT named, n FROM named").rows == [[#""dev"."main"."parts""#, 2]])
        #expect(try connection.query("SELECT id FROM from_source").rows == [[1]])
    }
}
