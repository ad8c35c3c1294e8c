import Testing
@testable import LakeReport

/// An axis says its numbers in one unit.
@Suite struct NiceScaleTests {
    private func labels(_ low: Double, _ high: Double) -> [String] {
        let scale = NiceScale(low, high)
        return scale.ticks.map(scale.label)
    }

    @Test func everyTickOfAnAxisIsInOneUnit() {
        // Before: "0", "2,500", "5,000", "7,500", "10k", "12k" (12.5k rounded away).
        #expect(labels(0, 12_000) == ["0", "2.5k", "5k", "7.5k", "10k", "12.5k"])
        #expect(labels(0, 9_000) == ["0", "2k", "4k", "6k", "8k", "10k"])
        #expect(labels(0, 8_000) == ["0", "2,000", "4,000", "6,000", "8,000"])
        #expect(labels(0, 4_200_000) == ["0", "1M", "2M", "3M", "4M", "5M"])
        #expect(labels(0, 1) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(labels(-50, 50) == ["-60", "-40", "-20", "0", "20", "40", "60"])
    }
}
