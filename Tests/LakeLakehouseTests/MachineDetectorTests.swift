import Foundation
import Testing
import LakeForest
import LakeLakehouse

/// The machine detector (lake.yml's machine_day over gold_machine_day) against the sick machines the
/// generator injected (machine_anomaly_labels.csv). Floors from bench-machines (2026-12-03, scale
/// 0.001, 60 days, seeds 1–5: pooled precision 0.962, recall 0.918; seed 4: 0.952 and 0.952, 20 of
/// the 21 labelled machine-days found, one false alarm).
@Suite struct MachineDetectorTests {
    @Test func theDetectorFindsTheSickMachinesOfAGeneratedTrace() throws {
        let project = try LakehouseProject(withSample: false)
        try project.generate(scale: 0.001, days: 60, seed: 4)
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")
        let machineDays = try project.count("SELECT count(*) FROM gold_machine_day")
        #expect(try project.count("SELECT count(*) FROM gold_machine_day_scored") == machineDays)
        let counts = try project.query("""
            WITH labels AS (SELECT DISTINCT machine, dt FROM read_csv('\(project.path("data_raw/machine_anomaly_labels.csv"))'))
            SELECT count(*) FILTER (WHERE anomaly_flag = 1 AND l.machine IS NOT NULL) AS found,
                   count(*) FILTER (WHERE anomaly_flag = 1 AND l.machine IS NULL) AS false_alarms,
                   (SELECT count(*) FROM labels) AS labelled
            FROM gold_machine_day_scored s LEFT JOIN labels l ON l.machine = s.machine_id AND l.dt = s.dt
            """)
        let found = try counts.value(Int.self, row: 0, column: 0)!, falseAlarms = try counts.value(Int.self, row: 0, column: 1)!
        let labelled = try counts.value(Int.self, row: 0, column: 2)!
        #expect(labelled == 21)
        let precision = Double(found) / Double(found + falseAlarms), recall = Double(found) / Double(labelled)
        #expect(precision >= 0.9, "found \(found), false alarms \(falseAlarms)")
        #expect(recall >= 0.9, "found \(found) of \(labelled)")

        // Scaled within each GPU type: one scaler per type of the generated cluster.
        let model = try ForestModelFile.load(from: project.path("data_lake/models/machine_day.json"))
        #expect(model.scaleWithin == ["gpu_type"])
        #expect(model.scaler == nil)
        let types = try project.query("SELECT DISTINCT gpu_type FROM gold_machine_day ORDER BY 1").columns[0].decode(String.self).compactMap { $0 }
        #expect(model.groupScaler?.scalers.keys.sorted() == types)
    }

    @Test func aGroupTheModelWasNotTrainedOnIsAnErrorNamingIt() throws {
        let data = FeatureMatrix([[1, 2], [2, 3], [3, 5], [10, 20], [11, 21], [12, 23]])
        let scaler = GroupedScaler(fitting: data, groups: ["T4", "T4", "T4", "V100", "V100", "V100"])
        let scaled = try scaler.transform(data, groups: ["T4", "T4", "T4", "V100", "V100", "V100"])
        // Each group centred on its own mean: the first column of each is -1.2247, 0, 1.2247.
        for row in [0, 3] { #expect(abs(scaled[row, 0] + 1.224744871391589) < 1e-12) }
        for row in [1, 4] { #expect(abs(scaled[row, 0]) < 1e-12) }
        #expect(throws: ForestError.self) { try scaler.transform(FeatureMatrix([[1, 2]]), groups: ["P100"]) }
        do { _ = try scaler.transform(FeatureMatrix([[1, 2]]), groups: ["P100"]) } catch {
            #expect("\(error)".contains("'P100'") && "\(error)".contains("T4, V100"))
        }
    }
}
