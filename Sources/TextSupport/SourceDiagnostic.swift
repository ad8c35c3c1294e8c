/// A message about a spot in a file, printed as compilers print them:
///
///     models/gold/x.sql:2:9: error: no model named 'silver_job'
///      2 | from {{ ref('silver_job') }}
///        |         ^
public enum SourceDiagnostic {
    /// `line` and `column` are 1-based; the column counts characters.
    public static func format(file: String, line: Int, column: Int, message: String, lineText: String, severity: String = "error") -> String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        let caretPad = String(lineText.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " })
        return """
            \(file):\(line):\(column): \(severity): \(message)
             \(number) | \(lineText)
             \(gutter) | \(caretPad)^
            """
    }

    /// The 1-based line of `text`, without its line break; empty when out of range.
    public static func line(_ number: Int, of text: String) -> String {
        var current = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number { return line.hasSuffix("\r") ? String(line.dropLast()) : String(line) }
            current += 1
        }
        return ""
    }
}

/// An error whose description is a `SourceDiagnostic` (or several): it already says where and that it
/// is an error, so a command line prints it as it is, without an "error: " of its own in front.
public protocol LocatedError: Error, CustomStringConvertible {}
