/// Why one raw line is not loaded: the kind (the `error_type` in the rejects table, in DuckDB's
/// style so lake's and DuckDB's own rejects read alike), the column when one is to blame, and a
/// sentence for a person.
public struct LineProblem: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case invalidEncoding = "INVALID ENCODING"
        case controlCharacter = "CONTROL CHARACTER"
        case lineTooLong = "LINE TOO LONG"
        case brokenQuoting = "BROKEN QUOTING"
        case missingColumns = "MISSING COLUMNS"
        case tooManyColumns = "TOO MANY COLUMNS"
        case notANumber = "NOT A NUMBER"
        case fractionInWholeNumber = "FRACTION IN WHOLE NUMBER"
        case truncatedLine = "TRUNCATED LINE"
        case headerInMidFile = "HEADER IN MID-FILE"
    }

    public let kind: Kind
    public let column: String?
    public let message: String

    public init(_ kind: Kind, column: String? = nil, _ message: String) {
        self.kind = kind
        self.column = column
        self.message = message
    }
}
