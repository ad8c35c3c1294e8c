import Testing
@testable import LakeLakehouse

@Suite struct ConcurrentlyTests {
    struct Failure: Error, Equatable { let side: String }

    @Test func bothResultsComeBack() throws {
        let (background, foreground) = try concurrently({ (1...1_000).reduce(0, +) }) { "here" }
        #expect(background == 500_500)
        #expect(foreground == "here")
    }

    @Test func eitherSidesErrorIsThrownAfterBothHaveFinished() {
        var foregroundRan = false
        #expect(throws: Failure(side: "background")) {
            _ = try concurrently({ () throws -> Int in throw Failure(side: "background") }) { foregroundRan = true }
        }
        #expect(foregroundRan)
        #expect(throws: Failure(side: "foreground")) {
            _ = try concurrently({ 1 }) { () throws -> Int in throw Failure(side: "foreground") }
        }
    }
}
