import Foundation

/// Small SVG charts drawn by hand: axes with nice ticks, dates, legends, and `<title>` tooltips on
/// every mark. Colours come from CSS variables, so the page's light and dark schemes apply.
public enum SVGChart {
    public struct Series: Sendable {
        public let name: String
        public let points: [(x: Double, y: Double)]
        /// A CSS colour, usually a var(--…) of the page.
        public let color: String
        public init(name: String, points: [(x: Double, y: Double)], color: String) {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    /// A point to call out (an anomalous day), with its label.
    public struct Marker: Sendable {
        public let x: Double
        public let y: Double
        public let label: String
        public init(x: Double, y: Double, label: String) { self.x = x; self.y = y; self.label = label }
    }

    /// A chart's width in its own units: one across the page, or one of two side by side. A half
    /// chart is drawn narrower, not shrunk, so its text stays the size of the page's.
    public static let fullWidth = 760.0, halfWidth = 520.0
    static let height = 300.0
    static let margin = (top: 20.0, right: 20.0, bottom: 44.0, left: 64.0)

    /// Lines over dates (`x` in days since 1970-01-01), with optional markers.
    public static func lines(_ series: [Series], xIsDate: Bool = true, yLabel: String, markers: [Marker] = [], width: Double = fullWidth,
                             id: String) -> String {
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) } + markers.map(\.y)
        guard let minX = xs.min(), let maxX = xs.max(), let maxY = ys.max() else { return HTML.note("No data to chart.") }
        let yScale = NiceScale(min(0, ys.min() ?? 0), maxY)
        let plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom
        let spanX = max(maxX - minX, 1)
        func px(_ x: Double) -> Double { margin.left + (x - minX) / spanX * plotW }
        func py(_ y: Double) -> Double { margin.top + plotH - (y - yScale.lower) / (yScale.upper - yScale.lower) * plotH }

        var svg = open(id: id, label: yLabel, width: width)
        svg += yAxis(yScale, py: py, label: yLabel, width: width)
        // Date ticks: about one per 120 units (six across the page), on whole days.
        let dayStep = max(1, Int((spanX / (plotW / 112)).rounded()))
        var tick = minX
        while tick <= maxX + 0.5 {
            svg += "<line class=\"grid\" x1=\"\(f(px(tick)))\" x2=\"\(f(px(tick)))\" y1=\"\(f(margin.top))\" y2=\"\(f(margin.top + plotH))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(px(tick)))\" y=\"\(f(margin.top + plotH + 16))\" text-anchor=\"middle\">\(HTML.escape(xIsDate ? DayText.short(tick) : NumberText.short(tick)))</text>"
            tick += Double(dayStep)
        }
        for one in series where !one.points.isEmpty {
            let path = one.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" data-series=\"\(HTML.escape(one.name))\" fill=\"none\" stroke=\"\(one.color)\" stroke-width=\"2\" points=\"\(path)\"/>"
            for point in one.points {
                svg += "<circle class=\"point\" cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"2.5\" fill=\"\(one.color)\"><title>\(HTML.escape(one.name)) \(HTML.escape(xIsDate ? DayText.iso(point.x) : NumberText.short(point.x))): \(NumberText.grouped(point.y, decimals: 1))</title></circle>"
            }
        }
        for marker in markers {
            svg += "<g class=\"marker\"><circle cx=\"\(f(px(marker.x)))\" cy=\"\(f(py(marker.y)))\" r=\"7\" fill=\"none\" stroke=\"var(--alert)\" stroke-width=\"2.5\"><title>\(HTML.escape(marker.label))</title></circle>"
            // Above the circle, or beside it where the top of the chart leaves no room.
            let y = py(marker.y)
            svg += y - 12 < margin.top + 10
                ? "<text class=\"marker-label\" x=\"\(f(px(marker.x) + 11))\" y=\"\(f(y + 4))\" text-anchor=\"start\">\(HTML.escape(marker.label))</text></g>"
                : "<text class=\"marker-label\" x=\"\(f(px(marker.x)))\" y=\"\(f(y - 12))\" text-anchor=\"middle\">\(HTML.escape(marker.label))</text></g>"
        }
        svg += legend(series.map { ($0.name, $0.color) } + (markers.isEmpty ? [] : [("anomalous day (score)", "var(--alert)")]))
        return svg + "</svg>"
    }

    /// Horizontal bars, one per label, largest first as given.
    public static func bars(_ items: [(label: String, value: Double)], valueLabel: String, color: String = "var(--accent)", width: Double = fullWidth,
                            id: String) -> String {
        guard !items.isEmpty, let maxValue = items.map(\.value).max() else { return HTML.note("No data to chart.") }
        let rowHeight = 22.0, labelWidth = 150.0
        let chartHeight = margin.top + Double(items.count) * rowHeight + 36
        let scale = NiceScale(0, max(maxValue, 1e-9))
        let plotW = width - labelWidth - margin.right
        func px(_ v: Double) -> Double { labelWidth + v / scale.upper * plotW }
        var svg = "<svg class=\"chart\" id=\"\(HTML.escape(id))\" viewBox=\"0 0 \(f(width)) \(f(chartHeight))\" role=\"img\" aria-label=\"\(HTML.escape(valueLabel))\">"
        for tick in scale.ticks {
            svg += "<line class=\"grid\" x1=\"\(f(px(tick)))\" x2=\"\(f(px(tick)))\" y1=\"\(f(margin.top))\" y2=\"\(f(chartHeight - 30))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(px(tick)))\" y=\"\(f(chartHeight - 14))\" text-anchor=\"middle\">\(HTML.escape(scale.label(tick)))</text>"
        }
        for (index, item) in items.enumerated() {
            let y = margin.top + Double(index) * rowHeight
            svg += "<text class=\"bar-label\" x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(HTML.escape(item.label))</text>"
            svg += "<rect class=\"bar\" x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(max(0, px(item.value) - labelWidth)))\" height=\"\(f(rowHeight - 6))\" fill=\"\(color)\"><title>\(HTML.escape(item.label)): \(NumberText.grouped(item.value, decimals: 1)) \(HTML.escape(valueLabel))</title></rect>"
        }
        return svg + "<text class=\"axis-label\" x=\"\(f(labelWidth + plotW / 2))\" y=\"\(f(chartHeight - 1))\" text-anchor=\"middle\">\(HTML.escape(valueLabel))</text></svg>"
    }

    /// Rows × columns of values in [0, 100], darker for higher; rows can be highlighted.
    public static func heatmap(rows: [(label: String, values: [Double?], highlighted: Bool)], columns: [String], valueLabel: String, id: String) -> String {
        guard !rows.isEmpty, !columns.isEmpty else { return HTML.note("No data to chart.") }
        // As wide as the other charts whatever the number of days, so its text is theirs: a short
        // range gets wide cells, not a small drawing scaled up.
        let labelWidth = 170.0, width = fullWidth, rowHeight = 12.0
        let cell = (width - labelWidth - 10) / Double(columns.count)
        let chartHeight = 30 + Double(rows.count) * rowHeight + 20
        var svg = "<svg class=\"chart heatmap\" id=\"\(HTML.escape(id))\" viewBox=\"0 0 \(f(width)) \(f(chartHeight))\" role=\"img\" aria-label=\"\(HTML.escape(valueLabel))\">"
        // A column label every so many columns that labels never touch (about 6.5 units a character).
        let labelSpan = Double(columns.map(\.count).max() ?? 0) * 6.5 + 10
        let every = max(1, Int((labelSpan / cell).rounded(.up)))
        for (index, column) in columns.enumerated() where index % every == 0 {
            svg += "<text class=\"tick\" x=\"\(f(labelWidth + (Double(index) + 0.5) * cell))\" y=\"16\" text-anchor=\"middle\">\(HTML.escape(column))</text>"
        }
        for (r, row) in rows.enumerated() {
            let y = 24 + Double(r) * rowHeight
            svg += "<text class=\"bar-label\(row.highlighted ? " idle" : "")\" x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 9))\" text-anchor=\"end\">\(HTML.escape(row.label))</text>"
            for (c, value) in row.values.enumerated() {
                guard let value else { continue }
                let opacity = max(0.06, min(1, value / 100))
                svg += "<rect class=\"cell\" x=\"\(f(labelWidth + Double(c) * cell))\" y=\"\(f(y))\" width=\"\(f(cell - 1))\" height=\"\(f(rowHeight - 1))\" fill=\"var(--accent)\" fill-opacity=\"\(f(opacity))\"><title>\(HTML.escape(row.label)) \(HTML.escape(columns[c])): \(NumberText.grouped(value, decimals: 1)) %</title></rect>"
            }
            if row.highlighted {
                svg += "<rect class=\"idle-outline\" x=\"\(f(labelWidth - 1))\" y=\"\(f(y - 1))\" width=\"\(f(cell * Double(columns.count) + 1))\" height=\"\(f(rowHeight))\" fill=\"none\" stroke=\"var(--alert)\"/>"
            }
        }
        return svg + "</svg>"
    }

    private static func open(id: String, label: String, width: Double) -> String {
        "<svg class=\"chart\" id=\"\(HTML.escape(id))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
    }

    private static func yAxis(_ scale: NiceScale, py: (Double) -> Double, label: String, width: Double) -> String {
        var svg = ""
        for tick in scale.ticks {
            svg += "<line class=\"grid\" x1=\"\(f(margin.left))\" x2=\"\(f(width - margin.right))\" y1=\"\(f(py(tick)))\" y2=\"\(f(py(tick)))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(margin.left - 8))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(HTML.escape(scale.label(tick)))</text>"
        }
        return svg + "<text class=\"axis-label\" transform=\"translate(14 \(f(height / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
    }

    private static func legend(_ entries: [(String, String)]) -> String {
        var svg = "<g class=\"legend\">", x = margin.left
        for (name, color) in entries {
            svg += "<rect x=\"\(f(x))\" y=\"\(f(height - 14))\" width=\"12\" height=\"4\" fill=\"\(color)\"/>"
            svg += "<text class=\"tick\" x=\"\(f(x + 16))\" y=\"\(f(height - 9))\">\(HTML.escape(name))</text>"
            x += 24 + Double(name.count) * 6.5
        }
        return svg + "</g>"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Days since 1970-01-01 as text.
public enum DayText {
    public static func iso(_ days: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: days * 86_400))
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    public static func short(_ days: Double) -> String {
        let text = iso(days)
        return String(text.dropFirst(5))
    }
}
