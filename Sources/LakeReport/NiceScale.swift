import Foundation
import TextSupport

/// Axis ticks at round numbers (1, 2, 2.5, 5 × 10ⁿ) covering a range, as charts people read have.
public struct NiceScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double

    public init(_ low: Double, _ high: Double, ticks: Int = 5) {
        var low = low, high = high
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if high == low { (low, high) = (low - 1, high + 1) }
        let rough = (high - low) / Double(max(ticks, 2))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        self.step = step
        lower = floor(low / step) * step
        upper = ceil(high / step) * step
    }

    public var ticks: [Double] {
        stride(from: lower, through: upper + step / 2, by: step).map { ($0 / step).rounded() * step }
    }

    /// A tick's label, in one unit for the whole axis: thousands (k) or millions (M) on every tick
    /// when the axis reaches 10,000 or a million (not "5,000" beside "10k"), else grouped digits;
    /// as many decimals as the step needs, trailing zeros dropped.
    public func label(_ value: Double) -> String {
        let largest = max(abs(lower), abs(upper))
        let (unit, suffix): (Double, String) = largest >= 1_000_000 ? (1_000_000, "M") : largest >= 10_000 ? (1_000, "k") : (1, "")
        if value == 0 { return "0" }
        let scaledStep = step / unit
        // As many decimals as the step has: 2.5k needs one, 0.25 two.
        let decimals = (0...3).first { abs((scaledStep * pow(10, Double($0))).rounded() - scaledStep * pow(10, Double($0))) < 1e-6 } ?? 3
        var text = NumberText.grouped(value / unit, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + suffix
    }
}

/// Numbers as a dashboard shows them.
public enum NumberText {
    public static func short(_ value: Double, step: Double = 1) -> String {
        if abs(value) >= 1_000_000 { return String(format: "%.1fM", value / 1_000_000) }
        if abs(value) >= 10_000 { return String(format: "%.0fk", value / 1_000) }
        let decimals = step >= 1 ? 0 : min(3, Int(ceil(-log10(step))))
        return grouped(value, decimals: decimals)
    }

    public static func grouped(_ value: Double, decimals: Int = 0) -> String { NumberGrouping.grouped(value, decimals: decimals) }
}
