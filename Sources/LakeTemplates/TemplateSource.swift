import Foundation

/// A template's text and where it came from, with the line table errors need.
public final class TemplateSource: Sendable {
    /// The path shown in errors (e.g. models/gold/x.sql).
    public let name: String
    public let text: String
    let bytes: [UInt8]
    /// Byte offset where each line starts.
    private let lineStarts: [Int]
    /// Jinja's default undefined, as dbt renders: a name that does not exist prints as nothing and
    /// is false. Without it (lake's projects), using such a name is an error where it is written.
    public let lenientUndefined: Bool

    public init(name: String, text: String, lenientUndefined: Bool = false) {
        self.name = name
        self.lenientUndefined = lenientUndefined
        // Jinja reads every newline sequence as \n.
        let text = text.utf8.contains(UInt8(ascii: "\r")) ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// The offset just past the `%}` of a tag whose closing token starts at `offset` (`-%}` included).
    func end(ofTagClosingAt offset: Int) -> Int {
        var index = offset
        while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "%") && bytes[index + 1] == UInt8(ascii: "}")) { index += 1 }
        return min(index + 2, bytes.count)
    }

    /// 1-based line and column (in characters) of a byte offset.
    func location(of offset: Int) -> SourceLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let column = String(decoding: bytes[start..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourceLocation(line: low + 1, column: column)
    }

    /// The text of a 1-based line, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A 1-based position in a template.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}
