import TextSupport

/// A YAML file that could not be read, or that says something lake cannot accept; always with the
/// file, line and column and the offending line.
public struct YAMLError: LocatedError, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public let lineText: String

    public init(file: String, line: Int, column: Int, message: String, lineText: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.lineText = lineText
    }

    /// An error about `node`; `source` is the file's text (for the offending line).
    public init(_ message: String, at node: YAMLNode, source: String) {
        self.init(file: node.file, line: node.line, column: node.column, message: message,
                  lineText: SourceDiagnostic.line(node.line, of: source))
    }

    public var description: String {
        SourceDiagnostic.format(file: file, line: line, column: column, message: message, lineText: lineText)
    }
}
