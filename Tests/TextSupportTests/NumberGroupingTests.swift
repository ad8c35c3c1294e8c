import Testing
import TextSupport

@Suite struct NumberGroupingTests {
    @Test func thousandsAreSeparatedByCommas() {
        #expect(NumberGrouping.grouped(0) == "0")
        #expect(NumberGrouping.grouped(999) == "999")
        #expect(NumberGrouping.grouped(1_000) == "1,000")
        #expect(NumberGrouping.grouped(1_055_501) == "1,055,501")
        #expect(NumberGrouping.grouped(-7_445_895) == "-7,445,895")
        #expect(NumberGrouping.grouped(1234.56, decimals: 1) == "1,234.6")
        #expect(NumberGrouping.grouped(-0.04, decimals: 1) == "0.0")
        #expect(NumberGrouping.grouped(-1234.5, decimals: 2) == "-1,234.50")
    }
}
