import Foundation
import Testing
@testable import LakeReport

/// The charts' geometry: text drawn at the page's size, and labels that never overlap.
@Suite struct SVGChartTests {
    /// The `viewBox` width of the first `<svg>` in `svg`.
    func viewBoxWidth(_ svg: String) -> Double? {
        guard let range = svg.range(of: #"viewBox="0 0 [0-9.]+"#, options: .regularExpression) else { return nil }
        return Double(svg[range].dropFirst("viewBox=\"0 0 ".count))
    }

    /// The x of every column label, in order.
    func tickPositions(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<text class=\"tick\" x=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
    }

    /// A few days: the heatmap keeps the page's width (wide cells, not a small drawing scaled up so
    /// its labels come out three times too big), and a label per day fits.
    @Test func aShortRangeHeatmapKeepsThePagesScale() throws {
        let days = (10...13).map { "01-\($0)" }
        let rows = (1...3).map { (label: "m\($0)", values: days.map { _ in Optional(50.0) }, highlighted: false) }
        let svg = SVGChart.heatmap(rows: rows, columns: days, valueLabel: "util", id: "h")
        #expect(viewBoxWidth(svg) == SVGChart.fullWidth)
        let ticks = tickPositions(svg)
        #expect(ticks.count == 4)
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 >= 5 * 6.5 + 10 })
    }

    /// Many days: labels thin out so that none touches the next.
    @Test func aLongRangeHeatmapThinsItsLabels() throws {
        let days = (0..<120).map { String(format: "%02d-%02d", $0 / 30 + 1, $0 % 30 + 1) }
        let rows = [(label: "m1", values: days.map { _ in Optional(10.0) }, highlighted: true)]
        let svg = SVGChart.heatmap(rows: rows, columns: days, valueLabel: "util", id: "h")
        #expect(viewBoxWidth(svg) == SVGChart.fullWidth)
        let ticks = tickPositions(svg)
        #expect(ticks.count > 5 && ticks.count < 15)
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 >= 5 * 6.5 + 10 })
    }

    /// A chart drawn for half the page is drawn narrower, so its 11-unit text is not shrunk to 7.
    @Test func halfWidthChartsAreDrawnNarrowerNotShrunk() throws {
        let bars = SVGChart.bars([("a", 1), ("b", 2)], valueLabel: "x", width: SVGChart.halfWidth, id: "b")
        #expect(viewBoxWidth(bars) == SVGChart.halfWidth)
        let lines = SVGChart.lines([SVGChart.Series(name: "s", points: (0..<30).map { (Double($0), Double($0)) }, color: "red")],
                                   yLabel: "y", width: SVGChart.halfWidth, id: "l")
        #expect(viewBoxWidth(lines) == SVGChart.halfWidth)
        // Every drawn point lies inside the narrower chart.
        let xs = lines.components(separatedBy: "<circle class=\"point\" cx=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(xs.count == 30 && xs.allSatisfy { $0 > 0 && $0 < SVGChart.halfWidth })
        // Fewer date ticks than across the whole page, and at least two.
        let dates = lines.components(separatedBy: "text-anchor=\"middle\">").count - 1
        #expect(dates >= 3 && dates <= 6, "\(dates)")
    }
}
