import Foundation
import Testing
@testable import LakeRunner

/// target/run_results.json reads back as the run wrote it.
@Suite struct RunResultsFileTests {
    @Test func theLastRunReadsBackAsItWasWritten() throws {
        let project = try FixtureProject()
        #expect(RunResultsFile.last(inProject: project.root) == nil)
        let (summary, _) = try project.run()
        let run = try #require(RunResultsFile.last(inProject: project.root))
        #expect(run.metadata.invocationId == summary.runId)
        #expect(run.results.map(\.uniqueId) == summary.results.map(\.uniqueId))
        #expect(run.results.map(\.status) == summary.results.map(\.status.rawValue))
        #expect(run.results.map(\.rowsAffected) == summary.results.map(\.rows))
        #expect(run.generatedText.count == 19 && run.generatedText.dropFirst(10).hasPrefix(" "))
    }
}
