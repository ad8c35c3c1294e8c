/// A DECIMAL(width, scale): an exact integer `unscaled` standing for unscaled × 10^-scale.
public struct DuckDBDecimal: Hashable, Sendable {
    public var unscaled: Int128
    /// Total digits (1–38).
    public var width: UInt8
    /// Digits after the point (0–width).
    public var scale: UInt8

    public init(unscaled: Int128, width: UInt8, scale: UInt8) {
        self.unscaled = unscaled
        self.width = width
        self.scale = scale
    }

    /// Parses "123.45" exactly; the width is the number of digits unless given.
    public init?(_ text: String, width: UInt8? = nil) {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative || digits.hasPrefix("+") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts.joined().isEmpty,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard let magnitude = Int128(parts[0] + fraction), parts[0].count + fraction.count <= 38 else { return nil }
        unscaled = negative ? -magnitude : magnitude
        scale = UInt8(fraction.count)
        self.width = width ?? UInt8(max(parts[0].count + fraction.count, Int(scale) + 1))
    }

    public var doubleValue: Double {
        var divisor = 1.0
        for _ in 0..<scale { divisor *= 10 }
        return Double(unscaled) / divisor
    }
}

extension DuckDBDecimal: CustomStringConvertible {
    /// Exact, with `scale` digits after the point, as DuckDB prints it.
    public var description: String {
        let digits = String(unscaled.magnitude)
        let sign = unscaled < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        let padded = digits.count > Int(scale) ? digits
            : String(repeating: "0", count: Int(scale) - digits.count + 1) + digits
        return sign + padded.dropLast(Int(scale)) + "." + padded.suffix(Int(scale))
    }
}
