import Foundation

/// Numbers as people read them: thousands separated by commas (a run's row counts, the ingestion
/// table, the report's figures all say them one way).
public enum NumberGrouping {
    /// 1055501 → "1,055,501".
    public static func grouped(_ number: Int) -> String { grouped(Double(number)) }

    /// 1234.56 with one decimal → "1,234.6"; a value that rounds to zero has no minus sign.
    public static func grouped(_ value: Double, decimals: Int = 0) -> String {
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        var digits = "", count = 0
        for character in parts[0].reversed() {
            if count > 0 && count % 3 == 0 { digits.insert(",", at: digits.startIndex) }
            digits.insert(character, at: digits.startIndex)
            count += 1
        }
        let rounded = Double(text) ?? 0
        return (value < 0 && rounded != 0 ? "-" : "") + digits + (parts.count > 1 ? "." + parts[1] : "")
    }
}
