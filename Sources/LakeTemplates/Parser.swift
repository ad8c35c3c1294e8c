import TextSupport
import Foundation

/// Builds nodes and expressions from tokens, following Jinja's grammar and operator precedence.
/// Every error names the position and what was expected; an unclosed block names where it opened.
struct Parser {
    private let source: TemplateSource
    private let tokens: [Token]
    private var index = 0
    /// How many `for` loops enclose the current point (for `break`/`continue`).
    private var loopDepth = 0
    private(set) var tests: [MacroDefinition] = []
    /// dbt's `{% snapshot name %}…{% endsnapshot %}` blocks, each a macro without parameters.
    private(set) var snapshots: [MacroDefinition] = []
    private(set) var docs: [String: String] = [:]
    /// dbt's `{% materialization name, adapter %}` blocks, named as dbt registers them:
    /// `materialization_<name>_<adapter>` (`default` when no adapter is named).
    private(set) var materializations: [MacroDefinition] = []

    init(source: TemplateSource, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// An open block: its tag, where it started, and the tags that may continue or close it.
    private struct OpenBlock {
        let tag: String
        let offset: Int
        let endings: Set<String>
    }

    mutating func parseTemplate() throws -> [Node] {
        let (nodes, _) = try parseBody(inside: nil)
        return nodes
    }

    // MARK: - Statements

    /// Nodes up to one of the open block's endings (its tag name is consumed and returned), or to the
    /// end of the template at the top level.
    private mutating func parseBody(inside block: OpenBlock?) throws -> ([Node], String?) {
        var nodes: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .end:
                if let block {
                    let expected = block.endings.sorted().map { "`{% \($0) %}`" }.joined(separator: " or ")
                    throw error("unclosed `{% \(block.tag) %}` opened at \(source.name):\(source.location(of: block.offset)) (expected \(expected))", at: block.offset)
                }
                return (nodes, nil)
            case .data(let text):
                nodes.append(.text(text))
                advance()
            case .variableBegin:
                advance()
                let expression = try parseTuple()
                try expect(.variableEnd, "'}}'")
                nodes.append(.output(expression))
            case .blockBegin:
                let tagOffset = token.offset
                advance()
                guard case .name(let tag) = current.kind else {
                    throw error("expected a tag name after '{%', found \(current.describedForError)", at: current.offset)
                }
                if let block, block.endings.contains(tag) {
                    advance()
                    return (nodes, tag)
                }
                if Self.closingTags.contains(tag) || ["else", "elif"].contains(tag) {
                    if let block {
                        let expected = block.endings.sorted().map { "`{% \($0) %}`" }.joined(separator: " or ")
                        throw error("unexpected `{% \(tag) %}`: `{% \(block.tag) %}` opened at \(source.name):\(source.location(of: block.offset)) is still open (expected \(expected))", at: current.offset)
                    }
                    throw error("unexpected `{% \(tag) %}` with no open block", at: current.offset)
                }
                advance()
                if let node = try parseStatement(tag, at: tagOffset) { nodes.append(node) }
            default:
                throw error("unexpected \(token.describedForError)", at: token.offset)
            }
        }
    }

    private static let closingTags: Set<String> = [
        "endif", "endfor", "endmacro", "endcall", "endfilter", "endset", "enddocs", "endtest", "endraw", "endwith", "endsnapshot",
        "endmaterialization",
    ]
    private static let knownTags = ["if", "for", "set", "macro", "call", "filter", "do", "docs", "test", "break",
                                    "continue", "raw", "snapshot", "materialization"]

    /// Parses the statement whose tag name has just been read.
    private mutating func parseStatement(_ tag: String, at offset: Int) throws -> Node? {
        switch tag {
        case "if": return try parseIf(at: offset)
        case "for": return try parseFor(at: offset)
        case "set": return try parseSet(at: offset)
        case "macro":
            return .macro(try parseMacro(tag: "macro", at: offset))
        case "test":
            tests.append(try parseMacro(tag: "test", at: offset))
            return nil
        case "snapshot":
            guard case .name(let name) = current.kind else { throw error("expected a snapshot name, found \(current.describedForError)", at: current.offset) }
            advance()
            try expect(.blockEnd, "'%}'")
            let (body, _) = try parseBody(inside: OpenBlock(tag: "snapshot \(name)", offset: offset, endings: ["endsnapshot"]))
            try expect(.blockEnd, "'%}'")
            snapshots.append(MacroDefinition(name: name, parameters: [], body: body, source: source, offset: offset))
            return nil
        case "materialization":
            // {% materialization name, default %} or {% materialization name, adapter='duckdb', supported_languages=[...] %}
            guard case .name(let name) = current.kind else { throw error("expected a materialization name, found \(current.describedForError)", at: current.offset) }
            advance()
            var adapter = "default"
            while current.kind == .symbol(",") {
                advance()
                guard case .name(let word) = current.kind else { throw error("expected `default` or adapter='…', found \(current.describedForError)", at: current.offset) }
                advance()
                if current.kind == .symbol("=") {
                    advance()
                    let value = try parseExpression()
                    if word == "adapter", case .literal(.string(let text)) = value.kind { adapter = text }
                } else if word != "default" {
                    throw error("expected `default` or adapter='…', found `\(word)`", at: tokens[index - 1].offset)
                }
            }
            try expect(.blockEnd, "'%}'")
            let (body, _) = try parseBody(inside: OpenBlock(tag: "materialization \(name)", offset: offset, endings: ["endmaterialization"]))
            try expect(.blockEnd, "'%}'")
            materializations.append(MacroDefinition(name: "materialization_\(name)_\(adapter)", parameters: [], body: body, source: source, offset: offset))
            return nil
        case "call": return try parseCallBlock(at: offset)
        case "filter":
            let filters = try parseFilterChain()
            try expect(.blockEnd, "'%}'")
            let (body, _) = try parseBody(inside: OpenBlock(tag: "filter", offset: offset, endings: ["endfilter"]))
            try expect(.blockEnd, "'%}'")
            return .filterBlock(filters: filters, body: body)
        case "do":
            let expression = try parseTuple()
            try expect(.blockEnd, "'%}'")
            return .doStatement(expression)
        case "docs": return try parseDocs(at: offset)
        case "break", "continue":
            guard loopDepth > 0 else { throw error("`{% \(tag) %}` outside a `{% for %}` loop", at: offset) }
            try expect(.blockEnd, "'%}'")
            return tag == "break" ? .breakLoop(offset: offset) : .continueLoop(offset: offset)
        default:
            let suggestion = Self.closest(tag, among: Self.knownTags).map { " (did you mean `\($0)`?)" } ?? ""
            throw error("unknown tag `\(tag)`\(suggestion)", at: tokens[index - 1].offset)
        }
    }

    private mutating func parseIf(at offset: Int) throws -> Node {
        var branches: [(Expression, [Node])] = []
        var otherwise: [Node]?
        var condition = try parseExpression()
        try expect(.blockEnd, "'%}'")
        while true {
            let (body, ending) = try parseBody(inside: OpenBlock(tag: "if", offset: offset, endings: ["elif", "else", "endif"]))
            branches.append((condition, body))
            if ending == "elif" {
                condition = try parseExpression()
                try expect(.blockEnd, "'%}'")
                continue
            }
            if ending == "else" {
                try expect(.blockEnd, "'%}'")
                let (elseBody, _) = try parseBody(inside: OpenBlock(tag: "if", offset: offset, endings: ["endif"]))
                otherwise = elseBody
            }
            try expect(.blockEnd, "'%}'")
            return .ifChain(branches: branches, otherwise: otherwise)
        }
    }

    private mutating func parseFor(at offset: Int) throws -> Node {
        let targets = try parseTargets()
        guard case .name("in") = current.kind else { throw error("expected 'in' in `{% for %}`, found \(current.describedForError)", at: current.offset) }
        advance()
        let iterable = try parseTuple(allowConditional: false)
        var filter: Expression?
        if case .name("if") = current.kind {
            advance()
            filter = try parseExpression()
        }
        if case .name("recursive") = current.kind {
            throw error("recursive loops are not supported", at: current.offset)
        }
        try expect(.blockEnd, "'%}'")
        loopDepth += 1
        let (body, ending) = try parseBody(inside: OpenBlock(tag: "for", offset: offset, endings: ["else", "endfor"]))
        loopDepth -= 1
        var otherwise: [Node]?
        if ending == "else" {
            try expect(.blockEnd, "'%}'")
            otherwise = try parseBody(inside: OpenBlock(tag: "for", offset: offset, endings: ["endfor"])).0
        }
        try expect(.blockEnd, "'%}'")
        return .forLoop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, offset: offset)
    }

    /// `name`, `a, b`, or `(a, b)` — what `for` and `set` assign to.
    private mutating func parseTargets() throws -> [String] {
        let parenthesized = current.kind == .symbol("(")
        if parenthesized { advance() }
        var names: [String] = []
        repeat {
            if !names.isEmpty { advance() }
            guard case .name(let name) = current.kind else { throw error("expected a variable name, found \(current.describedForError)", at: current.offset) }
            names.append(name)
            advance()
        } while current.kind == .symbol(",")
        if parenthesized { try expect(.symbol(")"), "')'") }
        return names
    }

    private mutating func parseSet(at offset: Int) throws -> Node {
        // `set ns.attr = value` assigns into a namespace.
        if case .name(let object) = current.kind, peek(1).kind == .symbol("."), case .name(let attribute) = peek(2).kind {
            advance(3)
            if current.kind == .symbol("=") {
                advance()
                let value = try parseTuple()
                try expect(.blockEnd, "'%}'")
                return .setAttribute(object: object, attribute: attribute, value: value, offset: offset)
            }
            // `{% set ns.attr %}…{% endset %}` captures a block into the namespace.
            let filters = current.kind == .symbol("|") ? try parseFilterChain() : []
            try expect(.blockEnd, "'%}'")
            let (body, _) = try parseBody(inside: OpenBlock(tag: "set", offset: offset, endings: ["endset"]))
            try expect(.blockEnd, "'%}'")
            return .setBlock(target: .attribute(object: object, attribute: attribute), filters: filters, body: body, offset: offset)
        }
        let targets = try parseTargets()
        if current.kind == .symbol("=") {
            advance()
            let value = try parseTuple()
            try expect(.blockEnd, "'%}'")
            return .set(targets: targets, value: value, offset: offset)
        }
        guard targets.count == 1 else { throw error("a block `{% set %}` assigns one name", at: offset) }
        let filters = current.kind == .symbol("|") ? try parseFilterChain() : []
        try expect(.blockEnd, "'%}'")
        let (body, _) = try parseBody(inside: OpenBlock(tag: "set", offset: offset, endings: ["endset"]))
        try expect(.blockEnd, "'%}'")
        return .setBlock(target: .name(targets[0]), filters: filters, body: body, offset: offset)
    }

    private mutating func parseMacro(tag: String, at offset: Int) throws -> MacroDefinition {
        guard case .name(let name) = current.kind else { throw error("expected a \(tag) name, found \(current.describedForError)", at: current.offset) }
        advance()
        let parameters = try parseParameters()
        try expect(.blockEnd, "'%}'")
        let outerLoops = loopDepth
        loopDepth = 0
        let (body, _) = try parseBody(inside: OpenBlock(tag: "\(tag) \(name)", offset: offset, endings: ["end\(tag)"]))
        loopDepth = outerLoops
        let close = current.offset
        try expect(.blockEnd, "'%}'")
        return MacroDefinition(name: name, parameters: parameters, body: body, source: source, offset: offset, end: source.end(ofTagClosingAt: close))
    }

    /// `(a, b=1, c='x')`, for macros and call blocks' callers.
    private mutating func parseParameters() throws -> [Parameter] {
        try expect(.symbol("("), "'('")
        var parameters: [Parameter] = []
        while current.kind != .symbol(")") {
            if !parameters.isEmpty { try expect(.symbol(","), "',' or ')'") }
            if current.kind == .symbol(")") { break }
            guard case .name(let name) = current.kind else { throw error("expected a parameter name, found \(current.describedForError)", at: current.offset) }
            advance()
            var defaultValue: Expression?
            if current.kind == .symbol("=") {
                advance()
                defaultValue = try parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw error("parameter '\(name)' without a default follows one with a default", at: tokens[index - 1].offset)
            }
            parameters.append(Parameter(name: name, defaultValue: defaultValue))
        }
        advance()
        return parameters
    }

    private mutating func parseCallBlock(at offset: Int) throws -> Node {
        var callerParameters: [Parameter] = []
        if current.kind == .symbol("(") { callerParameters = try parseParameters() }
        let call = try parseExpression()
        guard case .call = call.kind else { throw error("`{% call %}` needs a macro call, e.g. `{% call my_macro() %}`", at: call.offset) }
        try expect(.blockEnd, "'%}'")
        let (body, _) = try parseBody(inside: OpenBlock(tag: "call", offset: offset, endings: ["endcall"]))
        try expect(.blockEnd, "'%}'")
        return .callBlock(call: call, callerParameters: callerParameters, body: body)
    }

    /// `{% docs name %}…{% enddocs %}`: the text between the tags, verbatim.
    private mutating func parseDocs(at offset: Int) throws -> Node? {
        guard case .name(let name) = current.kind else { throw error("expected a docs block name", at: current.offset) }
        advance()
        let bodyStart = current.offset + 2
        try expect(.blockEnd, "'%}'")
        let (_, _) = try parseBody(inside: OpenBlock(tag: "docs", offset: offset, endings: ["enddocs"]))
        // The `{%` of `{% enddocs %}` is two tokens back (blockBegin, name).
        let bodyEnd = tokens[index - 2].offset
        try expect(.blockEnd, "'%}'")
        let bytes = source.bytes[min(bodyStart, bodyEnd)..<bodyEnd]
        docs[name] = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return nil
    }

    private mutating func parseFilterChain() throws -> [FilterCall] {
        var filters: [FilterCall] = []
        repeat {
            if current.kind == .symbol("|") { advance() }
            filters.append(try parseFilterCall())
        } while current.kind == .symbol("|")
        return filters
    }

    // MARK: - Expressions (lowest precedence first)

    /// An expression, or a tuple of them without parentheses (`a, b`).
    private mutating func parseTuple(allowConditional: Bool = true) throws -> Expression {
        let start = current.offset
        let first = allowConditional ? try parseExpression() : try parseOr()
        guard current.kind == .symbol(",") else { return first }
        var items = [first]
        while current.kind == .symbol(",") {
            advance()
            if Self.endsTuple(current.kind) { break }
            items.append(allowConditional ? try parseExpression() : try parseOr())
        }
        return Expression(kind: .tuple(items), offset: start)
    }

    private static func endsTuple(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .variableEnd, .blockEnd, .symbol(")"), .symbol("]"), .symbol("}"), .end: true
        case .name(let name): name == "in" || name == "if"
        default: false
        }
    }

    mutating func parseExpression() throws -> Expression {
        let condition = try parseOr()
        guard case .name("if") = current.kind else { return condition }
        var result = condition
        while case .name("if") = current.kind {
            advance()
            let test = try parseOr()
            var otherwise: Expression?
            if case .name("else") = current.kind {
                advance()
                otherwise = try parseExpression()
            }
            result = Expression(kind: .conditional(condition: test, then: result, otherwise: otherwise), offset: condition.offset)
        }
        return result
    }

    private mutating func parseOr() throws -> Expression {
        var left = try parseAnd()
        while case .name("or") = current.kind {
            advance()
            left = Expression(kind: .or(left, try parseAnd()), offset: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws -> Expression {
        var left = try parseNot()
        while case .name("and") = current.kind {
            advance()
            left = Expression(kind: .and(left, try parseNot()), offset: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws -> Expression {
        if case .name("not") = current.kind {
            let offset = current.offset
            advance()
            return Expression(kind: .not(try parseNot()), offset: offset)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> Expression {
        let left = try parseMath1()
        var operations: [(CompareOperator, Expression)] = []
        while true {
            if case .symbol(let symbol) = current.kind, let op = CompareOperator(rawValue: symbol), op != .isIn {
                advance()
                operations.append((op, try parseMath1()))
            } else if case .name("in") = current.kind {
                advance()
                operations.append((.isIn, try parseMath1()))
            } else if case .name("not") = current.kind, case .name("in") = peek(1).kind {
                advance(2)
                operations.append((.notIn, try parseMath1()))
            } else {
                break
            }
        }
        return operations.isEmpty ? left : Expression(kind: .compare(left, operations), offset: left.offset)
    }

    private mutating func parseBinary(_ symbols: [String], next: (inout Parser) throws -> Expression) throws -> Expression {
        var left = try next(&self)
        while case .symbol(let symbol) = current.kind, symbols.contains(symbol), let op = BinaryOperator(rawValue: symbol) {
            advance()
            left = Expression(kind: .binary(op, left, try next(&self)), offset: left.offset)
        }
        return left
    }

    private mutating func parseMath1() throws -> Expression { try parseBinary(["+", "-"]) { try $0.parseConcat() } }
    private mutating func parseConcat() throws -> Expression { try parseBinary(["~"]) { try $0.parseMath2() } }
    private mutating func parseMath2() throws -> Expression { try parseBinary(["*", "/", "//", "%"]) { try $0.parsePower() } }
    private mutating func parsePower() throws -> Expression { try parseBinary(["**"]) { try $0.parseUnary() } }

    private mutating func parseUnary(withFilters: Bool = true) throws -> Expression {
        let offset = current.offset
        var node: Expression
        if current.kind == .symbol("-") {
            advance()
            node = Expression(kind: .negate(try parseUnary(withFilters: false)), offset: offset)
        } else if current.kind == .symbol("+") {
            advance()
            node = Expression(kind: .plus(try parseUnary(withFilters: false)), offset: offset)
        } else {
            node = try parsePostfix(try parsePrimary())
        }
        return withFilters ? try parseFiltersAndTests(node) : node
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return Expression(kind: .literal(.bool(true)), offset: token.offset)
            case "false", "False": return Expression(kind: .literal(.bool(false)), offset: token.offset)
            case "none", "None": return Expression(kind: .literal(.none), offset: token.offset)
            default: return Expression(kind: .name(name), offset: token.offset)
            }
        case .string(var text):
            advance()
            // Adjacent strings join, as in Python.
            while case .string(let more) = current.kind { text += more; advance() }
            return Expression(kind: .literal(.string(text)), offset: token.offset)
        case .integer(let value):
            advance()
            return Expression(kind: .literal(.int(value)), offset: token.offset)
        case .float(let value):
            advance()
            return Expression(kind: .literal(.double(value)), offset: token.offset)
        case .symbol("("):
            advance()
            if current.kind == .symbol(")") { advance(); return Expression(kind: .tuple([]), offset: token.offset) }
            let inner = try parseTuple()
            try expect(.symbol(")"), "')'")
            return inner
        case .symbol("["):
            advance()
            var items: [Expression] = []
            while current.kind != .symbol("]") {
                if !items.isEmpty { try expect(.symbol(","), "',' or ']'") }
                if current.kind == .symbol("]") { break }
                items.append(try parseExpression())
            }
            advance()
            return Expression(kind: .list(items), offset: token.offset)
        case .symbol("{"):
            advance()
            var pairs: [(key: Expression, value: Expression)] = []
            while current.kind != .symbol("}") {
                if !pairs.isEmpty { try expect(.symbol(","), "',' or '}'") }
                if current.kind == .symbol("}") { break }
                let key = try parseExpression()
                try expect(.symbol(":"), "':'")
                pairs.append((key, try parseExpression()))
            }
            advance()
            return Expression(kind: .dict(pairs), offset: token.offset)
        default:
            throw error("expected an expression, found \(token.describedForError)", at: token.offset)
        }
    }

    /// `.name`, `[key]`, `[a:b]`, `(args)` after a primary.
    private mutating func parsePostfix(_ base: Expression) throws -> Expression {
        var node = base
        while true {
            let offset = current.offset
            if current.kind == .symbol(".") {
                advance()
                switch current.kind {
                case .name(let name):
                    // Errors about an attribute point at its name.
                    let nameOffset = current.offset
                    advance()
                    node = Expression(kind: .attribute(node, name), offset: nameOffset)
                case .integer(let value):
                    advance()
                    node = Expression(kind: .item(node, Expression(kind: .literal(.int(value)), offset: offset)), offset: offset)
                default:
                    throw error("expected an attribute name after '.', found \(current.describedForError)", at: current.offset)
                }
            } else if current.kind == .symbol("[") {
                advance()
                node = try parseSubscript(node, at: offset)
            } else if current.kind == .symbol("(") {
                // Errors about a call point at the name of what is called.
                node = Expression(kind: .call(node, try parseCallArguments()), offset: node.offset)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ base: Expression, at offset: Int) throws -> Expression {
        var parts: [Expression?] = []
        var current_: Expression?
        var isSlice = false
        while current.kind != .symbol("]") {
            if current.kind == .symbol(":") {
                isSlice = true
                parts.append(current_)
                current_ = nil
                advance()
            } else {
                current_ = try parseExpression()
            }
            if case .end = current.kind { throw error("expected ']'", at: current.offset) }
        }
        advance()
        if !isSlice {
            guard let key = current_ else { throw error("expected a subscript", at: offset) }
            return Expression(kind: .item(base, key), offset: offset)
        }
        parts.append(current_)
        guard parts.count <= 3 else { throw error("a slice takes at most start:stop:step", at: offset) }
        while parts.count < 3 { parts.append(nil) }
        return Expression(kind: .slice(base, start: parts[0], stop: parts[1], step: parts[2]), offset: offset)
    }

    private mutating func parseCallArguments() throws -> Expression.Arguments {
        try expect(.symbol("("), "'('")
        var arguments = Expression.Arguments()
        var first = true
        while current.kind != .symbol(")") {
            if !first { try expect(.symbol(","), "',' or ')'") }
            first = false
            if current.kind == .symbol(")") { break }
            if current.kind == .symbol("**") {
                advance()
                arguments.keywordSpread = try parseExpression()
            } else if current.kind == .symbol("*") {
                advance()
                arguments.spread = try parseExpression()
            } else if case .name(let name) = current.kind, peek(1).kind == .symbol("=") {
                advance(2)
                arguments.keyword.append((name, try parseExpression()))
            } else {
                if !arguments.keyword.isEmpty {
                    throw error("a positional argument follows a keyword argument", at: current.offset)
                }
                arguments.positional.append(try parseExpression())
            }
        }
        advance()
        return arguments
    }

    private mutating func parseFiltersAndTests(_ base: Expression) throws -> Expression {
        var node = base
        while true {
            if current.kind == .symbol("|") {
                advance()
                let filter = try parseFilterCall()
                node = Expression(kind: .filter(node, filter), offset: filter.offset)
            } else if case .name("is") = current.kind {
                let offset = current.offset
                advance()
                var negated = false
                if case .name("not") = current.kind { negated = true; advance() }
                guard case .name(let name) = current.kind else { throw error("expected a test name after 'is', found \(current.describedForError)", at: current.offset) }
                advance()
                var arguments: [Expression] = []
                if current.kind == .symbol("(") {
                    arguments = try parseCallArguments().positional
                } else if Self.startsTestArgument(current.kind) {
                    arguments = [try parsePostfix(try parsePrimary())]
                }
                node = Expression(kind: .test(node, name: name, arguments: arguments, negated: negated), offset: offset)
            } else {
                return node
            }
        }
    }

    /// Jinja lets a test take one argument without parentheses: `x is divisibleby 3`.
    private static func startsTestArgument(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .name(let name): !["else", "or", "and", "if", "in", "is", "not"].contains(name)
        case .string, .integer, .float, .symbol("["), .symbol("{"): true
        default: false
        }
    }

    private mutating func parseFilterCall() throws -> FilterCall {
        let offset = current.offset
        guard case .name(var name) = current.kind else { throw error("expected a filter name after '|', found \(current.describedForError)", at: current.offset) }
        advance()
        while current.kind == .symbol("."), case .name(let part) = peek(1).kind { name += "." + part; advance(2) }
        let arguments = current.kind == .symbol("(") ? try parseCallArguments() : Expression.Arguments()
        return FilterCall(name: name, arguments: arguments, offset: offset)
    }

    // MARK: - Tokens

    private var current: Token { tokens[index] }
    private func peek(_ distance: Int) -> Token { tokens[min(index + distance, tokens.count - 1)] }
    private mutating func advance(_ count: Int = 1) { index = min(index + count, tokens.count - 1) }

    private mutating func expect(_ kind: Token.Kind, _ description: String) throws {
        guard current.kind == kind else {
            throw error("expected \(description), found \(current.describedForError)", at: current.offset)
        }
        advance()
    }

    private func error(_ message: String, at offset: Int) -> TemplateError {
        TemplateError(message, at: offset, in: source)
    }

    static func closest(_ word: String, among candidates: [String]) -> String? {
        EditDistance.closest(to: word, among: candidates)
    }
}
