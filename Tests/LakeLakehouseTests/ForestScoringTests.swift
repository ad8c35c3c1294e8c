import Foundation
import Testing
import LakeDuckDB
import LakeForest
import LakeYAML
@testable import LakeLakehouse
import LakeRunner

/// The Isolation Forest as `lake run`'s scoring step on the shipped sample.
@Suite struct ForestScoringTests {
    @Test func lakeRunScoresTheDailyTableAndFlagsTheInjectedDays() throws {
        let project = try LakehouseProject()
        let (summary, output) = try project.run()
        #expect(summary.result(for: "gold_cluster_util_daily_scored")?.status == .success, "\(output)")
        #expect(output.contains("OK    isolation_forest gold_cluster_util_daily_scored"))
        // Every source column, then the scores.
        let columns = try project.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'gold_cluster_util_daily_scored' ORDER BY ordinal_position")
        #expect(try columns.columns[0].decode(String.self).compactMap { $0 } == [
            "dt", "avg_gpu_util", "p95_gpu_util", "avg_cpu_util", "machines", "jobs_started", "anomaly_score", "anomaly_flag"])
        #expect(try project.count("SELECT count(*) FROM gold_cluster_util_daily_scored") == 60)
        // contamination 0.05 of 60 days: three flagged, and they are the generator's anomalous days.
        let flagged = try project.query("SELECT dt::VARCHAR FROM gold_cluster_util_daily_scored WHERE anomaly_flag = 1 ORDER BY dt").columns[0].decode(String.self)
        let labels = try String(contentsOfFile: LakehouseProject.repository + "/data_raw/anomaly_labels.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.prefix(10)) }
        #expect(flagged.compactMap { $0 } == labels.sorted())
        #expect(try project.count("SELECT count(*) FROM gold_cluster_util_daily_scored WHERE (anomaly_score < 0) != (anomaly_flag = 1)") == 0)

        // The model file: versioned, and scoring with it reproduces the scores exactly.
        let model = try ForestModelFile.load(from: project.path("data_lake/models/cluster_util_daily.json"))
        #expect(model.version == 1)
        #expect(model.features == ["avg_gpu_util", "p95_gpu_util", "avg_cpu_util"])
        #expect(model.trees.count == 100)
        #expect(model.training.rows == 60)
        #expect(model.scaler != nil)
        let trained = try project.query("SELECT dt, anomaly_score FROM gold_cluster_util_daily_scored ORDER BY dt").rows
        let rescored = try project.run { $0.select = ["gold_cluster_util_daily_scored"] }
        #expect(rescored.summary.exitCode == 0)
        _ = try LakehouseRun.run(projectDirectory: project.root, options: { var o = RunOptions(); o.select = ["gold_cluster_util_daily_scored"]; return o }(),
                                 scoring: .scoreWithSavedModel) { _ in }
        #expect(try project.query("SELECT dt, anomaly_score FROM gold_cluster_util_daily_scored ORDER BY dt").rows == trained)
    }

    @Test func modelsCanReadTheScoresAndListThem() throws {
        let project = try LakehouseProject()
        try "select dt, anomaly_score from {{ ref('gold_cluster_util_daily_scored') }} where anomaly_flag = 1"
            .write(toFile: project.path("models/gold/gold_anomalous_days.sql"), atomically: true, encoding: .utf8)
        let (summary, _) = try project.run()
        #expect(summary.result(for: "gold_anomalous_days")?.status == .success)
        #expect(try project.count("SELECT count(*) FROM gold_anomalous_days") == 3)
        let runner = try Runner(projectDirectory: project.root, options: RunOptions())
        let listed = try runner.list().filter { $0.name.hasPrefix("gold_cluster_util_daily") || $0.name == "gold_anomalous_days" }
        #expect(listed.map { "\($0.name) \($0.kind.rawValue)" } == [
            "gold_cluster_util_daily model", "gold_cluster_util_daily_scored ml", "gold_anomalous_days model"])
    }

    @Test func mlEntriesAreCheckedWithTheirLine() throws {
        let project = try LakehouseProject(withSample: false)
        var yaml = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "    n_estimators: 100", with: "    n_estimator: 100")
        try yaml.write(toFile: project.path("lake.yml"), atomically: true, encoding: .utf8)
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("n_estimator:") }! + 1
        let error = #expect(throws: YAMLError.self) { try project.run() }
        #expect(error?.message == "unknown key 'n_estimator' in an ml entry (did you mean 'n_estimators'?)")
        #expect(error?.line == line)
        #expect(error?.description.contains("lake.yml:\(line):5: error:") == true)
    }

    @Test func missingFeatureValuesAreAClearError() throws {
        let project = try LakehouseProject()
        try "{{ config(materialized='table') }}\nselect dt, case when dt = '1970-01-20' then null else avg_gpu_util end as avg_gpu_util, p95_gpu_util, avg_cpu_util from {{ ref('gold_cluster_util_daily') }}"
            .write(toFile: project.path("models/gold/gold_daily_gappy.sql"), atomically: true, encoding: .utf8)
        var yaml = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        yaml += "  - name: gappy\n    source: gold_daily_gappy\n    features: [avg_gpu_util, p95_gpu_util]\n"
        try yaml.write(toFile: project.path("lake.yml"), atomically: true, encoding: .utf8)
        let summary = try project.run().summary
        let failed = try #require(summary.result(for: "gold_daily_gappy_scored"))
        #expect(failed.status == .error)
        #expect(failed.message.contains("1 row of gold_daily_gappy have no avg_gpu_util (NULL or not finite)"))
        #expect(summary.result(for: "gold_cluster_util_daily_scored")?.status == .success)
    }

    /// Each row gets its own score whatever order the source keeps, with a repeated key, with no
    /// key, and with rows repeated whole: the saved model scores every row to the stored value.
    @Test func everyRowGetsItsOwnScore() throws {
        let project = try LakehouseProject(withSample: false)
        try """
            {{ config(materialized='table') }}
            select (i * 7919) % 503 as id, 'row ' || i as label, (hash(i) % 100)::double as a, (hash(i * 3) % 50)::double as b
            from range(1000) t(i)
            union all select 7, 'twin', 5.0, 99.0
            union all select 7, 'twin', 5.0, 99.0
            """.write(toFile: project.path("models/gold/gold_points.sql"), atomically: true, encoding: .utf8)
        var yaml = try String(contentsOfFile: project.path("lake.yml"), encoding: .utf8)
        yaml += "  - name: keyed\n    source: gold_points\n    key: [id]\n    features: [a, b]\n    contamination: 0.1\n"
        yaml += "  - name: unkeyed\n    source: gold_points\n    output: gold_points_unkeyed\n    features: [b, a]\n"
        try yaml.write(toFile: project.path("lake.yml"), atomically: true, encoding: .utf8)
        let (summary, output) = try project.run { $0.select = ["gold_points+"] }
        #expect(summary.exitCode == 0, "\(output)")
        for (name, table, features) in [("keyed", "gold_points_scored", ["a", "b"]), ("unkeyed", "gold_points_unkeyed", ["b", "a"])] {
            let model = try ForestModelFile.load(from: project.path("data_lake/models/\(name).json"))
            let rows = try project.query("SELECT \(features.joined(separator: ", ")), anomaly_score, anomaly_flag, label FROM \(table)")
            #expect(rows.rowCount == 1_002)
            #expect(try project.count("SELECT count(*) FROM \(table) WHERE label = 'twin'") == 2)
            let data = FeatureMatrix(columns: try (0..<2).map { try rows.columns[$0].doubles().map { $0! } })
            let expected = model.forest.decisionFunction(model.scaler?.transform(data) ?? data)
            #expect(try rows.columns[2].doubles().map { $0! } == expected, "\(table)")
            #expect(try rows.columns[3].decode(Int.self).map { $0! } == expected.map { $0 < 0 ? 1 : 0 })
        }
        // Keyed output comes in key order.
        let ids = try project.query("SELECT id FROM gold_points_scored").columns[0].decode(Int.self).map { $0! }
        #expect(ids == ids.sorted())
    }
}
