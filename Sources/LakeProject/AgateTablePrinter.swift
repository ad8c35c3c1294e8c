import Foundation
import LakeTemplates

/// agate's `Table.print_table()` (agate 1.9, as dbt's `run_query(...).print_table()` prints): a
/// GitHub-flavoured Markdown table of at most `maxRows` rows and `maxColumns` columns, each value
/// cut to `maxColumnWidth` characters, text left-aligned and everything else right-aligned, a
/// number column shown with its values' most decimal places (at most `maxPrecision`, then `…`) and
/// grouped thousands. dbt's integers are not agate Numbers, so they print as they are.
struct AgateTablePrinter {
    let table: QueryTable
    let maxRows: Int?
    let maxColumns: Int?
    let maxColumnWidth: Int?
    let maxPrecision: Int?

    static let ellipsis = "..."

    var text: String {
        let rowLimit = maxRows ?? table.rows.count
        let columnLimit = maxColumns ?? table.columnNames.count
        let columnsTruncated = columnLimit < table.columnNames.count
        var names = table.columnNames.prefix(columnLimit).map(cut)
        if columnsTruncated { names.append(Self.ellipsis) }
        var widths = names.map(\.unicodeScalars.count)
        let shown = Array(table.rows.prefix(rowLimit))
        let formats = table.columnKinds.prefix(columnLimit).enumerated().map { index, kind in
            kind == .number ? numberFormat(shown.map { $0[index] }) : nil
        }
        let formatted: [[String]] = shown.map { row in
            var cells: [String] = []
            for (index, value) in row.enumerated() {
                let cell = cut(index >= columnLimit ? Self.ellipsis : format(value, formats[index]))
                widths[index] = max(widths[index], cell.unicodeScalars.count)
                cells.append(cell)
                if index >= columnLimit { break }
            }
            return cells
        }
        func line(_ cells: [String]) -> String {
            "|" + cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.unicodeScalars.count))
                let leftAligned = index < table.columnKinds.count && table.columnKinds[index] == .text
                return " " + (leftAligned ? cell + pad : pad + cell) + " "
            }.joined(separator: "|") + "|"
        }
        var lines = [line(names), "| " + widths.map { String(repeating: "-", count: $0) }.joined(separator: " | ") + " |"]
        lines += formatted.map(line)
        if rowLimit < table.rows.count { lines.append(line(names.map { _ in Self.ellipsis })) }
        return lines.joined(separator: "\n")
    }

    /// A value cut to the column width, its end replaced by "...".
    private func cut(_ text: String) -> String {
        guard let maxColumnWidth, text.unicodeScalars.count > maxColumnWidth else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, maxColumnWidth - Self.ellipsis.count)))) + Self.ellipsis
    }

    private struct NumberFormat { let places: Int; let truncated: Bool }

    /// The decimal places a number column shows: its values' most (of their shortest exact text),
    /// capped at `maxPrecision` with an ellipsis after each value.
    private func numberFormat(_ values: [JSONValue]) -> NumberFormat {
        let places = values.compactMap(Self.decimal).filter { !$0.isNaN }.map(Self.decimalPlaces).max() ?? 0
        if let maxPrecision, places > maxPrecision { return NumberFormat(places: maxPrecision, truncated: true) }
        return NumberFormat(places: places, truncated: false)
    }

    private func format(_ value: JSONValue, _ number: NumberFormat?) -> String {
        if case .null = value { return "" }
        if let number, let decimal = Self.decimal(value), !decimal.isNaN {
            return Self.grouped(decimal, places: number.places) + (number.truncated ? "…" : "")
        }
        switch value {
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let whole): return String(whole)
        case .double(let real): return "\(real)"
        case .string(let text): return text
        default: return (try? value.templateValue.rendered()) ?? ""
        }
    }

    private static func decimal(_ value: JSONValue) -> Decimal? {
        switch value {
        case .int(let whole): Decimal(whole)
        // The shortest text that reads back as the double, as agate's Decimal(repr(x)).
        case .double(let real): real.isFinite ? Decimal(string: "\(real)", locale: Locale(identifier: "en_US_POSIX")) : nil
        case .string(let text): Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        default: nil
        }
    }

    /// Digits after the point once trailing zeros go (agate's max_precision of a normalized Decimal).
    private static func decimalPlaces(_ value: Decimal) -> Int {
        var normalized = value
        var rounded = Decimal()
        var places = 0
        // The fewest places that keep the value (Decimal's exponent is not normalized).
        while places < 38 {
            NSDecimalRound(&rounded, &normalized, places, .plain)
            if rounded == value { return places }
            places += 1
        }
        return places
    }

    /// babel's `#,##0.000` (half to even): thousands grouped with commas, `places` decimals.
    private static func grouped(_ value: Decimal, places: Int) -> String {
        var source = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, places, .bankers)
        let negative = rounded < 0
        let text = NSDecimalNumber(decimal: negative ? -rounded : rounded).stringValue
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        var whole = parts[0]
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        var fraction = parts.count > 1 ? parts[1] : ""
        fraction += String(repeating: "0", count: max(0, places - fraction.count))
        return (negative ? "-" : "") + groups.joined(separator: ",") + (places > 0 ? "." + fraction : "")
    }
}
