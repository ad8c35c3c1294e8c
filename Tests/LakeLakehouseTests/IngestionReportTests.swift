import Testing
@testable import LakeIngest
@testable import LakeLakehouse

/// The run's ingestion table keeps its columns apart and under their headers at any size.
@Suite struct IngestionReportTests {
    @Test func columnsWidenToTheirWidestNumber() {
        func outcome(_ table: String, new: Int) -> IngestionOutcome {
            IngestionOutcome(table: table, location: "data_raw/\(table)", log: "bronze_ingested_files", rejects: "bronze_rejects",
                             files: (0..<new).map { IngestionOutcome.File(file: "data_raw/\(table)/\($0).csv", action: .new, detail: nil) })
        }
        // Full scale's instance table: 28,089 files and 10,208,697 lines ran together at fixed widths.
        let report = IngestionReport(tables: [
            .init(outcome: outcome("pai_instance_table", new: 28_089), read: 10_208_697, loaded: 10_208_697, rejected: 0, blank: 0),
            .init(outcome: outcome("a_table_with_a_long_name_here", new: 2), read: 12, loaded: 11, rejected: 1, blank: 0),
        ])
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines[1] == "  table                               new  replaced  unchanged  duplicate  quarantined        read      loaded  rejected  blank")
        #expect(lines[2] == "  pai_instance_table               28,089         0          0          0            0  10,208,697  10,208,697         0      0")
        #expect(lines[3] == "  a_table_with_a_long_name_here         2         0          0          0            0          12          11         1      0")
    }
}
