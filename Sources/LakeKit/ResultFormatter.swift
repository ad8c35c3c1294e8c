import LakeRunner
/// Prints a query result as a boxed table (like DuckDB's CLI), CSV, or JSON lines.
public enum ResultFormatter {
    public enum Format: String, CaseIterable, Sendable { case table, csv, json }

    /// `maxRows`: for a table, at most this many rows, the first and last halves (nil: all).
    public static func render(_ result: QueryResult, as format: Format, maxRows: Int? = nil) -> String {
        switch format {
        case .table: table(result, maxRows: maxRows)
        case .csv: csv(result)
        case .json: json(result)
        }
    }

    static func table(_ result: QueryResult, maxRows: Int? = nil) -> String {
        let headers = result.columns.map(\.name)
        let types = result.columns.map { $0.type.sqlName.lowercased() }
        let all = result.rows.map { $0.map(\.description) }
        // A long result on a terminal: its first and last rows around one row of "…", as DuckDB's CLI.
        let elided = maxRows.map { all.count > $0 } ?? false
        let cells = elided ? Array(all.prefix((maxRows! + 1) / 2)) + [headers.map { _ in "…" }] + Array(all.suffix(maxRows! / 2)) : all
        let widths = headers.indices.map { column in
            ([headers[column].count, types[column].count] + cells.map { $0[column].count }).max() ?? 0
        }
        let numeric = result.columns.map(\.type.isNumeric)
        func line(_ left: String, _ fill: String, _ join: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: join) + right
        }
        func row(_ values: [String], alignRight: [Bool]) -> String {
            "│" + values.indices.map { index in
                let pad = String(repeating: " ", count: widths[index] - values[index].count)
                return " " + (alignRight[index] ? pad + values[index] : values[index] + pad) + " "
            }.joined(separator: "│") + "│"
        }
        let plain = Array(repeating: false, count: headers.count)
        var lines = [line("┌", "─", "┬", "┐"), row(headers, alignRight: plain), row(types, alignRight: plain),
                     line("├", "─", "┼", "┤")]
        lines += cells.map { row($0, alignRight: numeric) }
        lines.append(line("└", "─", "┴", "┘"))
        lines.append("\(result.rowCount) row\(result.rowCount == 1 ? "" : "s")"
                     + (elided ? " (\(maxRows!) shown; --max-rows 0 shows all, -f csv or -f json prints every row)" : ""))
        return lines.joined(separator: "\n") + "\n"
    }

    static func csv(_ result: QueryResult) -> String {
        func quote(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [result.columns.map { quote($0.name) }.joined(separator: ",")]
        lines += result.rows.map { row in row.map { $0.isNull ? "" : quote($0.description) }.joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ result: QueryResult) -> String {
        (0..<result.rowCount).map { JSONText.object(result, row: $0) }.joined(separator: "\n") + (result.rowCount > 0 ? "\n" : "")
    }
}
