import Foundation
import Testing
import LakeDuckDB
import LakeProject
@testable import LakeRunner

/// On a lake, dbt's built-in tests that passed before check only the rows changed since
/// (ChangedRowsCheck). Each step below lands a change that breaks one test in the way only a
/// changed-rows check can miss — a repeated key whose first copy is old, a parent deleted under an
/// old child — and every result must be what a check of every row says.
@Suite struct ChangedRowsCheckTests {
    let project: FixtureProject

    init() throws { project = try FixtureProject("changed_rows") }

    private func append(_ file: String, _ lines: String) throws {
        let path = project.path(file)
        try (String(contentsOfFile: path, encoding: .utf8) + lines).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Each test's failures and whether it checked only changes, by the test's short name.
    private func run(_ configure: (inout RunOptions) -> Void = { _ in }) throws -> [String: (status: NodeStatus, failures: Int?, changesOnly: Bool)] {
        let (summary, output) = try project.run(configure)
        var found: [String: (NodeStatus, Int?, Bool)] = [:]
        for result in summary.results where result.uniqueId.hasPrefix("test.") {
            let name = NodeID.name(of: result.uniqueId)
            let short = ["unique_children", "not_null_children", "accepted_values_children", "relationships_children", "unique_parents", "not_null_parents"]
                .first { name.hasPrefix($0) } ?? name
            found[short] = (result.status, result.failures, result.changesSince != nil)
        }
        #expect(found.count == 6, "\(output)")
        return found
    }

    @Test func aChangedRowsCheckFindsWhatACheckOfEveryRowFinds() throws {
        // First run: no baseline, every row checked; all pass.
        var results = try run()
        #expect(results.values.allSatisfy { $0.status == .pass && !$0.changesOnly })
        #expect(FileManager.default.fileExists(atPath: project.path("target/test_baselines.json")))

        // A good new child: every test passes on the changed rows alone.
        try append("data/children.csv", "4,13,b,1\n")
        results = try run()
        #expect(results.values.allSatisfy { $0.status == .pass && $0.changesOnly }, "\(results)")

        // A new child of a parent that never was: relationships fails (on the new rows alone the
        // check finds it; the count comes from every row).
        try append("data/children.csv", "8,15,a,99\n")
        results = try run()
        #expect(results["relationships_children"]?.status == .fail && results["relationships_children"]?.failures == 1)
        #expect(results["unique_children"]?.changesOnly == true)
        try String(contentsOfFile: project.path("data/children.csv"), encoding: .utf8).replacingOccurrences(of: "8,15,a,99\n", with: "")
            .write(toFile: project.path("data/children.csv"), atomically: true, encoding: .utf8)
        results = try run({ $0.fullRefresh = true })
        #expect(results.values.allSatisfy { $0.status == .pass }, "\(results)")

        // A new child repeating an old child's id: unique fails, counted over every row (1 key).
        try append("data/children.csv", "5,10,a,2\n")
        results = try run()
        #expect(results["unique_children"]?.status == .fail)
        #expect(results["unique_children"]?.failures == 1)
        #expect(results["unique_children"]?.changesOnly == false)
        #expect(results["relationships_children"]?.status == .pass && results["relationships_children"]?.changesOnly == true)

        // Still failing next run (its baseline is gone, so every row again), and a new child of a
        // kind not accepted fails accepted_values.
        try append("data/children.csv", "6,14,z,3\n")
        results = try run()
        #expect(results["unique_children"]?.status == .fail && results["unique_children"]?.changesOnly == false)
        #expect(results["accepted_values_children"]?.status == .fail)
        #expect(results["accepted_values_children"]?.failures == 1)

        // Parent 2 deleted: its old children (ids 11 and the repeated 10) lose their parent, though
        // no child row changed.
        try "id,name\n1,one\n3,three\n".write(toFile: project.path("data/parents.csv"), atomically: true, encoding: .utf8)
        results = try run()
        #expect(results["relationships_children"]?.status == .fail)
        #expect(results["relationships_children"]?.failures == 2)
        #expect(results["unique_parents"]?.status == .pass && results["unique_parents"]?.changesOnly == true)

        // A null id among new children fails not_null; the count is what every row says.
        try append("data/children.csv", "7,,a,1\n")
        results = try run()
        #expect(results["not_null_children"]?.status == .fail)
        #expect(results["not_null_children"]?.failures == 1)
    }

    /// A table built anew (here by --full-refresh) has no change feed to follow from the old
    /// baseline: every row is checked, then changes again from the new one.
    @Test func aTableBuiltAnewIsCheckedWhole() throws {
        _ = try run()
        var results = try run { $0.fullRefresh = true }
        #expect(results.values.allSatisfy { $0.status == .pass && !$0.changesOnly }, "\(results)")
        results = try run()
        #expect(results.values.allSatisfy { $0.status == .pass && $0.changesOnly }, "\(results)")
    }

    /// A test whose definition changes (its accepted values) is checked whole: its old baseline
    /// vouched for other SQL. The tests batched with it in one scan of the table are checked whole
    /// with it; the others still check changes.
    @Test func aChangedTestIsCheckedWhole() throws {
        _ = try run()
        let schema = project.path("models/schema.yml")
        try (try String(contentsOfFile: schema, encoding: .utf8)).replacingOccurrences(of: "values: [a, b]", with: "values: [a, b, c]")
            .write(toFile: schema, atomically: true, encoding: .utf8)
        var results = try run()
        #expect(results["accepted_values_children"]?.changesOnly == false)
        #expect(results["unique_children"]?.changesOnly == false)
        #expect(results["relationships_children"]?.changesOnly == true)
        #expect(results["unique_parents"]?.changesOnly == true)
        results = try run()
        #expect(results.values.allSatisfy { $0.status == .pass && $0.changesOnly }, "\(results)")
    }
}
