/// The parsed form of a template: nodes (statements and text) and expressions, each knowing the byte
/// offset it came from so runtime errors can point at it.

/// A constant written in the template.
enum Literal: Sendable, Equatable {
    case none, bool(Bool), int(Int), double(Double), string(String)
}

struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case literal(Literal)
        case name(String)
        case list([Expression])
        case tuple([Expression])
        case dict([(key: Expression, value: Expression)])
        case attribute(Expression, String)
        case item(Expression, Expression)
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case call(Expression, Arguments)
        case filter(Expression, FilterCall)
        case test(Expression, name: String, arguments: [Expression], negated: Bool)
        case negate(Expression)
        case plus(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case compare(Expression, [(CompareOperator, Expression)])
        case conditional(condition: Expression, then: Expression, otherwise: Expression?)
    }

    struct Arguments: Sendable {
        var positional: [Expression] = []
        var keyword: [(name: String, value: Expression)] = []
        /// `f(*items)`: a list spread after the positionals.
        var spread: Expression?
        /// `f(**mapping)`: a dict spread after the keywords (dbt packages pass `**kwargs` on).
        var keywordSpread: Expression?
    }

    let kind: Kind
    let offset: Int
}

struct FilterCall: Sendable {
    let name: String
    let arguments: Expression.Arguments
    let offset: Int
}

enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%",
         power = "**", concat = "~"
}

enum CompareOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=",
         isIn = "in", notIn = "not in"
}

/// A parameter of a macro or a call block's caller, with its default.
struct Parameter: Sendable {
    let name: String
    let defaultValue: Expression?
}

/// A `{% macro %}` (or dbt's `{% test %}`): a named, callable piece of template.
public final class MacroDefinition: Sendable {
    public let name: String
    let parameters: [Parameter]
    let body: [Node]
    /// The file it was written in, for errors raised inside it.
    let source: TemplateSource
    let offset: Int
    /// Where its closing tag ends (nil where the text is not kept).
    let end: Int?

    init(name: String, parameters: [Parameter], body: [Node], source: TemplateSource, offset: Int, end: Int? = nil) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.source = source
        self.offset = offset
        self.end = end
    }

    public var parameterNames: [String] { parameters.map(\.name) }
    /// The file it is written in, as the template was named.
    public var file: String { source.name }
    /// Its text from `{% macro` to its `{% endmacro %}` (dbt's `macro_sql`); an opening `{%-`
    /// takes the whitespace before it along and a closing `-%}` the whitespace after it, as
    /// dbt's block reader does.
    public var text: String {
        guard var end, end <= source.bytes.count else { return "" }
        let bytes = source.bytes, blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n")]
        var start = offset
        if offset + 2 < bytes.count, bytes[offset + 2] == UInt8(ascii: "-") {
            while start > 0, blank.contains(bytes[start - 1]) { start -= 1 }
            // dbt reads a file stripped: its leading whitespace is no macro's; and a tag before
            // that ends `-%}` took the whitespace itself.
            if start == 0 || (start >= 3 && Array(bytes[(start - 3)..<start]) == Array("-%}".utf8)) { start = offset }
        }
        if end >= 3, bytes[end - 3] == UInt8(ascii: "-") {
            var after = end
            while after < bytes.count, blank.contains(bytes[after]) { after += 1 }
            // Nor is its trailing whitespace.
            if after < bytes.count { end = after }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// What a `{% set … %}…{% endset %}` block assigns: a variable, or a namespace's attribute.
enum BlockSetTarget: Sendable {
    case name(String)
    case attribute(object: String, attribute: String)
}

indirect enum Node: Sendable {
    case text(String)
    case output(Expression)
    case ifChain(branches: [(condition: Expression, body: [Node])], otherwise: [Node]?)
    case forLoop(targets: [String], iterable: Expression, filter: Expression?, body: [Node], otherwise: [Node]?, offset: Int)
    case set(targets: [String], value: Expression, offset: Int)
    case setAttribute(object: String, attribute: String, value: Expression, offset: Int)
    case setBlock(target: BlockSetTarget, filters: [FilterCall], body: [Node], offset: Int)
    case macro(MacroDefinition)
    case callBlock(call: Expression, callerParameters: [Parameter], body: [Node])
    case filterBlock(filters: [FilterCall], body: [Node])
    case doStatement(Expression)
    case breakLoop(offset: Int)
    case continueLoop(offset: Int)
}
