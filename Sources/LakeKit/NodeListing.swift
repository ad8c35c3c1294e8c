/// `lake ls`'s text: a node per line, its name, type and materialization in aligned columns. On a
/// terminal no line is wider than the screen: the name gives way first (cut with "…"), then the
/// materialization.
public enum NodeListing {
    public struct Row: Sendable {
        public let name: String
        public let kind: String
        public let materialization: String
        public init(name: String, kind: String, materialization: String) {
            self.name = name
            self.kind = kind
            self.materialization = materialization
        }
    }

    /// The lines; `width` is the terminal's, nil for a pipe or a file (nothing is cut there).
    public static func lines(_ rows: [Row], width: Int?) -> [String] {
        let kindWidth = (rows.map(\.kind.count).max() ?? 0) + 2
        let longestName = rows.map(\.name.count).max() ?? 0
        let longestMaterialization = rows.map(\.materialization.count).max() ?? 0
        var nameWidth = longestName
        if let width {
            // The name column shrinks to what the other two leave, but not below a readable few.
            nameWidth = min(longestName, max(12, width - 2 - kindWidth - longestMaterialization))
        }
        return rows.map { row in
            let line = cut(row.name, to: nameWidth).padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + row.kind.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + row.materialization
            return width.map { cut(line, to: $0) } ?? line
        }
    }

    private static func cut(_ text: String, to width: Int) -> String {
        text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text
    }
}
