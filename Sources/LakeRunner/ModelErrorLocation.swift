import Foundation
import LakeDuckDB
import LakeProject

/// A DuckDB error in a model's (or a singular test's) SQL, told at its file: DuckDB's `LINE n` counts the
/// statement lake ran (the model's SQL inside `CREATE TABLE … AS`), so it is mapped back to the
/// line of the file that holds the same text. Where a template made the line (no such text in the
/// file), the file is still named, with the compiled line shown.
enum ModelErrorLocation {
    static func describe(_ error: DuckDBError, node: GraphNode, root: String) -> String {
        let (summary, rest) = split(error.message)
        guard let sql = error.sql, let reported = lineNumber(in: error.message) else {
            return "\(node.path): \(error.message)"
        }
        let executed = sql.components(separatedBy: "\n")
        guard reported >= 1, reported <= executed.count else { return "\(node.path): \(error.message)" }
        let text = executed[reported - 1]
        let wanted = text.trimmingCharacters(in: .whitespaces)
        let file = (try? String(contentsOfFile: (root as NSString).appendingPathComponent(node.path), encoding: .utf8))?.components(separatedBy: "\n") ?? []
        if !wanted.isEmpty, let index = file.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == wanted }) {
            return "\(node.path):\(index + 1): \(summary)\n \(index + 1) | \(file[index])" + (rest.isEmpty ? "" : "\n" + rest)
        }
        return "\(node.path): \(summary)\n  (line \(reported) of the compiled SQL, made by the template: \(wanted))" + (rest.isEmpty ? "" : "\n" + rest)
    }

    /// DuckDB's `LINE n:` in a message.
    static func lineNumber(in message: String) -> Int? {
        guard let range = message.range(of: "LINE ") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber })
    }

    /// The message's first line, and what follows it other than DuckDB's own LINE excerpt (which
    /// points into the wrapped statement).
    private static func split(_ message: String) -> (String, String) {
        let lines = message.components(separatedBy: "\n")
        var rest: [String] = []
        var index = 1
        while index < lines.count {
            if lines[index].hasPrefix("LINE ") { index += 2; continue }   // the excerpt and its caret
            if !lines[index].trimmingCharacters(in: .whitespaces).isEmpty { rest.append(lines[index]) }
            index += 1
        }
        return (lines[0], rest.joined(separator: "\n"))
    }
}
