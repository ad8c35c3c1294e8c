import Foundation
import Testing
@testable import LakeProject

/// lake.yml's `report:` names the model each part of the report reads; a wrong part is an error at its line.
@Suite struct ReportTablesTests {
    func settings(_ text: String) throws -> ProjectSettings {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-report-tables-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try text.write(toFile: root + "/lake.yml", atomically: true, encoding: .utf8)
        return try ProjectSettings.load(projectDirectory: root)
    }

    @Test func partsNameModelsAndAlertsDefaultToAlertsModel() throws {
        let loaded = try settings("name: fleet\nreport:\n  cluster_daily: daily\n  billing: bills\nalerts: open_alerts\n")
        #expect(loaded.reportTables == ReportTables([.clusterDaily: "daily", .billing: "bills", .alerts: "open_alerts"]))
        #expect(try settings("name: fleet\nalerts: open_alerts\n").reportTables == nil)
        let named = try settings("name: fleet\nreport:\n  alerts: other\nalerts: open_alerts\n")
        #expect(named.reportTables?[.alerts] == "other")
    }

    @Test func anUnknownPartIsNamedWithItsLine() throws {
        let error = #expect(throws: (any Error).self) { try settings("name: fleet\nreport:\n  cluster_dialy: daily\n") }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("lake.yml:3:3: error: unknown part 'cluster_dialy' in report: (did you mean 'cluster_daily'?)"), "\(text)")
    }
}
