import TextSupport

/// A template problem, always with the file, line and column, the offending line and a caret under
/// the spot — dbt's errors lack these; ours never do.
public struct TemplateError: LocatedError, Sendable {
    public let file: String
    public let location: SourceLocation
    public let message: String
    public let lineText: String

    public init(file: String, location: SourceLocation, message: String, lineText: String) {
        self.file = file
        self.location = location
        self.message = message
        self.lineText = lineText
    }

    init(_ message: String, at offset: Int, in source: TemplateSource) {
        let location = source.location(of: offset)
        self.init(file: source.name, location: location, message: message, lineText: source.lineText(location.line))
    }

    /// `file:line:col: error: message`, then the line with a caret under the column.
    public var description: String {
        SourceDiagnostic.format(file: file, line: location.line, column: location.column, message: message, lineText: lineText)
    }
}

/// An error raised while rendering, before it is tied to a position in a file.
struct RenderFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
