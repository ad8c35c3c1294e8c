import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

@Suite struct DbtConfigMergeTests {
    /// Configuration levels merge as dbt merges them: a project-wide `+post-hook` and the model's own
    /// both run (the project's first), `meta` from dbt_project.yml, the model's YAML `meta:` and its
    /// `config(meta=…)` merge key by key, `grants` add grantees behind a `+`. Expected values: dbt-duckdb
    /// 1.10 (dbt-core 1.10) `dbt run` of this project, its manifest and its hook_log, 2026-12-03.
    @Test func configurationLevelsMergeAsDbtMergesThem() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-merge-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/models", withIntermediateDirectories: true)
        let files = [
            "dbt_project.yml": """
                name: mdeps
                profile: mdeps
                on-run-start: ["create table if not exists hook_log (source varchar)"]
                models:
                  mdeps:
                    +post-hook: "insert into hook_log values ('project')"
                    +meta: {owner: project, tier: 1}
                    +grants: {select: [alice]}
                """,
            "profiles.yml": "mdeps:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: dev.duckdb}\n",
            "models/merged.sql": """
                {{ config(materialized='table', post_hook="insert into hook_log values ('model')", meta={'owner': 'model'}, grants={'+select': ['bob']}) }}
                select 1 as x
                """,
            "models/schema.yml": "version: 2\nmodels:\n  - name: merged\n    meta: {team: fleet}\n    config:\n      tags: [yaml_tag]\n",
        ]
        for (file, text) in files { try text.write(toFile: root + "/" + file, atomically: true, encoding: .utf8) }
        var options = RunOptions()
        options.profile = ProfileSelection(environment: [:])
        options.profile.workingDirectory = root
        let summary = try Runner(projectDirectory: root, options: options, output: { _ in }).run()
        #expect(summary.exitCode == 0, "\(summary.results.map(\.message))")
        let connection = try Database(path: root + "/dev.duckdb", configuration: .init(accessMode: .readOnly)).connect()
        #expect(try connection.query("SELECT source FROM hook_log").rows == [["project"], ["model"]])

        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/target/manifest.json"))
        let nodes = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["nodes"] as? [String: Any])
        let node = try #require(nodes["model.mdeps.merged"] as? [String: Any])
        let config = try #require(node["config"] as? [String: Any])
        #expect((config["meta"] as? NSDictionary) == (["owner": "model", "tier": 1, "team": "fleet"] as NSDictionary))
        #expect((node["meta"] as? NSDictionary) == (["owner": "model", "tier": 1, "team": "fleet"] as NSDictionary))
        #expect((config["post-hook"] as? [[String: Any]])?.compactMap { $0["sql"] as? String }
                == ["insert into hook_log values ('project')", "insert into hook_log values ('model')"])
        #expect(config["grants"] as? [String: [String]] == ["select": ["alice", "bob"]])
        #expect(config["tags"] as? [String] == ["yaml_tag"])
    }
}
