import Testing
@testable import LakeKit

/// `lake ls` on a terminal: every line fits the screen, columns stay aligned.
@Suite struct NodeListingTests {
    let rows = [
        NodeListing.Row(name: "gold_cluster_util_daily_scored", kind: "ml", materialization: "isolation_forest"),
        NodeListing.Row(name: "not_null_silver_jobs_job_id", kind: "test", materialization: "test"),
        NodeListing.Row(name: "gpu_specs", kind: "seed", materialization: "seed"),
    ]

    @Test(arguments: [(width: 40, kindAt: 18), (50, 28), (60, 32), (80, 32)])
    func noLineIsWiderThanTheTerminal(width: Int, kindAt: Int) {
        let lines = NodeListing.lines(rows, width: width)
        #expect(lines.allSatisfy { $0.count <= width }, "\(lines)")
        // The type column starts at one place on every line, after the name column as wide as fits.
        for (line, row) in zip(lines, rows) {
            #expect(line.dropFirst(kindAt).hasPrefix(row.kind + " "), "\(lines)")
        }
    }

    @Test func aWideTerminalOrAPipeCutsNothing() {
        for width in [120, nil] as [Int?] {
            let lines = NodeListing.lines(rows, width: width)
            #expect(lines[0] == "gold_cluster_util_daily_scored  ml    isolation_forest")
            #expect(lines[2] == "gpu_specs                       seed  seed")
        }
        #expect(NodeListing.lines(rows, width: 50)[0] == "gold_cluster_util_daily_s…  ml    isolation_forest")
        // Narrower than the other columns leave: the name keeps a readable few, the line is cut.
        #expect(NodeListing.lines(rows, width: 30)[0] == "gold_cluste…  ml    isolation…")
    }
}
