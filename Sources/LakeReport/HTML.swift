import TextSupport

/// Text made safe for HTML, and the few building blocks pages need.
public enum HTML {
    public static func escape(_ text: String) -> String { HTMLEscape.escape(text) }

    /// A table whose header cells sort it (the page's one small inline script does the sorting).
    public static func sortableTable(headers: [String], rows: [[String]], numeric: Set<Int> = [], id: String) -> String {
        var out = "<table class=\"sortable\" id=\"\(escape(id))\"><thead><tr>"
        for (index, header) in headers.enumerated() {
            out += "<th data-type=\"\(numeric.contains(index) ? "number" : "text")\" title=\"Sort by \(escape(header))\">\(escape(header))</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { index, cell in
                "<td\(numeric.contains(index) ? " class=\"num\"" : "")>\(escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// What stands where a chart would be when its data is missing.
    public static func note(_ text: String) -> String { "<p class=\"note\">\(escape(text))</p>" }
}
