import Foundation

/// Splits a template into tokens the way Jinja's lexer does with dbt's settings (Jinja's defaults):
/// `{{ }}`, `{% %}`, `{# #}`; a `-` inside a delimiter strips the whitespace (newlines included) on
/// that side; `{% raw %}` passes text through; one trailing newline of the template is dropped.
struct Lexer {
    private let source: TemplateSource
    private let bytes: [UInt8]
    private var position = 0
    private var tokens: [Token] = []

    init(source: TemplateSource) {
        self.source = source
        var bytes = source.bytes
        // keep_trailing_newline=False: Jinja drops one trailing newline.
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        self.bytes = bytes
    }

    static func tokenize(_ source: TemplateSource) throws -> [Token] {
        var lexer = Lexer(source: source)
        return try lexer.run()
    }

    private mutating func run() throws -> [Token] {
        var stripLeading = false
        while position < bytes.count {
            let tagStart = nextTag(from: position)
            let end = tagStart ?? bytes.count
            var textStart = position, textEnd = end
            if stripLeading { while textStart < textEnd, Self.isSpace(bytes[textStart]) { textStart += 1 } }
            if let tagStart, tagStart + 2 < bytes.count, bytes[tagStart + 2] == UInt8(ascii: "-") {
                while textEnd > textStart, Self.isSpace(bytes[textEnd - 1]) { textEnd -= 1 }
            }
            if textEnd > textStart {
                tokens.append(Token(kind: .data(String(decoding: bytes[textStart..<textEnd], as: UTF8.self)), offset: textStart))
            }
            stripLeading = false
            guard let tagStart else { position = bytes.count; break }
            stripLeading = try lexTag(at: tagStart)
        }
        tokens.append(Token(kind: .end, offset: bytes.count))
        return tokens
    }

    /// The offset of the next `{{`, `{%` or `{#` at or after `start`.
    private func nextTag(from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "{") {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") { return index }
            }
            index += 1
        }
        return nil
    }

    /// Lexes the tag at `start`; returns whether it ends with `-` (strip the following whitespace).
    private mutating func lexTag(at start: Int) throws -> Bool {
        let kind = bytes[start + 1]
        var index = start + 2
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }

        if kind == UInt8(ascii: "#") {
            var scan = index
            while scan + 1 < bytes.count, !(bytes[scan] == UInt8(ascii: "#") && bytes[scan + 1] == UInt8(ascii: "}")) { scan += 1 }
            guard scan + 1 < bytes.count else { throw TemplateError("unclosed comment: expected '#}'", at: start, in: source) }
            position = scan + 2
            return scan > index && bytes[scan - 1] == UInt8(ascii: "-")
        }

        let isBlock = kind == UInt8(ascii: "%")
        let firstToken = tokens.count
        tokens.append(Token(kind: isBlock ? .blockBegin : .variableBegin, offset: start))
        position = index
        let strip = try lexExpression(until: isBlock ? UInt8(ascii: "%") : UInt8(ascii: "}"), tagStart: start, isBlock: isBlock)

        // {% raw %} … {% endraw %}: everything between is text.
        if isBlock, tokens.count == firstToken + 3, tokens[firstToken + 1].kind == .name("raw") {
            tokens.removeSubrange(firstToken...)
            return try lexRaw(after: position, stripLeading: strip, openedAt: start)
        }
        return strip
    }

    /// Tokens up to the closing `%}` / `}}` (at bracket depth 0); returns whether it was `-%}` / `-}}`.
    private mutating func lexExpression(until closer: UInt8, tagStart: Int, isBlock: Bool) throws -> Bool {
        var depth = 0
        while true {
            while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else {
                throw TemplateError("unclosed \(isBlock ? "block tag: expected '%}'" : "expression: expected '}}'")",
                                    at: tagStart, in: source)
            }
            let byte = bytes[position]
            if depth == 0 {
                if byte == closer, position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "}") {
                    tokens.append(Token(kind: isBlock ? .blockEnd : .variableEnd, offset: position))
                    position += 2
                    return false
                }
                if byte == UInt8(ascii: "-"), position + 2 < bytes.count, bytes[position + 1] == closer,
                   bytes[position + 2] == UInt8(ascii: "}") {
                    tokens.append(Token(kind: isBlock ? .blockEnd : .variableEnd, offset: position))
                    position += 3
                    return true
                }
            }
            let start = position
            if Self.isNameStart(byte) {
                while position < bytes.count, Self.isNameContinue(bytes[position]) { position += 1 }
                tokens.append(Token(kind: .name(String(decoding: bytes[start..<position], as: UTF8.self)), offset: start))
            } else if Self.isDigit(byte) {
                tokens.append(try lexNumber())
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                tokens.append(try lexString())
            } else {
                let symbol = lexSymbol()
                guard !symbol.isEmpty else {
                    throw TemplateError("unexpected character '\(String(decoding: [byte], as: UTF8.self))'", at: start, in: source)
                }
                switch symbol {
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth = max(0, depth - 1)
                default: break
                }
                tokens.append(Token(kind: .symbol(symbol), offset: start))
            }
        }
    }

    private mutating func lexSymbol() -> String {
        let first = bytes[position]
        let second = position + 1 < bytes.count ? bytes[position + 1] : 0
        let pair: String? = switch (first, second) {
        case (UInt8(ascii: "*"), UInt8(ascii: "*")): "**"
        case (UInt8(ascii: "/"), UInt8(ascii: "/")): "//"
        case (UInt8(ascii: "="), UInt8(ascii: "=")): "=="
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): "!="
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): "<="
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): ">="
        default: nil
        }
        if let pair { position += 2; return pair }
        guard Self.singleSymbols.contains(first) else { return "" }
        position += 1
        return String(UnicodeScalar(first))
    }

    private static let singleSymbols = Set("+-*/%~()[]{},.:|=<>".utf8)

    private mutating func lexNumber() throws -> Token {
        let start = position
        var isFloat = false
        func digits() { while position < bytes.count, Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 } }
        digits()
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), Self.isDigit(bytes[position + 1]) {
            isFloat = true
            position += 1
            digits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            var look = position + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < bytes.count, Self.isDigit(bytes[look]) { isFloat = true; position = look; digits() }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        if isFloat, let value = Double(text) { return Token(kind: .float(value), offset: start) }
        guard let value = Int(text) else { throw TemplateError("integer '\(text)' is too large", at: start, in: source) }
        return Token(kind: .integer(value), offset: start)
    }

    /// A quoted string with Python's escapes; unknown escapes keep their backslash, as in Python.
    private mutating func lexString() throws -> Token {
        let start = position
        let quote = bytes[position]
        position += 1
        var out: [UInt8] = []
        while position < bytes.count, bytes[position] != quote {
            if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
                let escaped = bytes[position + 1]
                position += 2
                switch escaped {
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(escaped)
                case UInt8(ascii: "\n"): break
                case UInt8(ascii: "u") where position + 4 <= bytes.count:
                    let hex = String(decoding: bytes[position..<(position + 4)], as: UTF8.self)
                    if let code = UInt32(hex, radix: 16), let scalar = UnicodeScalar(code) {
                        out += Array(String(Character(scalar)).utf8)
                        position += 4
                    } else {
                        out += [UInt8(ascii: "\\"), escaped]
                    }
                default: out += [UInt8(ascii: "\\"), escaped]
                }
            } else {
                out.append(bytes[position])
                position += 1
            }
        }
        guard position < bytes.count else { throw TemplateError("unterminated string", at: start, in: source) }
        position += 1
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), offset: start)
    }

    /// The text up to `{% endraw %}` as one data token.
    private mutating func lexRaw(after start: Int, stripLeading: Bool, openedAt: Int) throws -> Bool {
        var scan = start
        while let tag = nextTag(from: scan) {
            var index = tag + 2
            let stripBefore = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if bytes[tag + 1] == UInt8(ascii: "%") {
                if stripBefore { index += 1 }
                while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
                let word = Array("endraw".utf8)
                if index + word.count <= bytes.count, Array(bytes[index..<(index + word.count)]) == word {
                    index += word.count
                    while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
                    let stripAfter = index < bytes.count && bytes[index] == UInt8(ascii: "-")
                    if stripAfter { index += 1 }
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "%"), bytes[index + 1] == UInt8(ascii: "}") {
                        var textStart = start, textEnd = tag
                        if stripLeading { while textStart < textEnd, Self.isSpace(bytes[textStart]) { textStart += 1 } }
                        if stripBefore { while textEnd > textStart, Self.isSpace(bytes[textEnd - 1]) { textEnd -= 1 } }
                        if textEnd > textStart {
                            tokens.append(Token(kind: .data(String(decoding: bytes[textStart..<textEnd], as: UTF8.self)), offset: textStart))
                        }
                        position = index + 2
                        return stripAfter
                    }
                }
            }
            scan = tag + 1
        }
        throw TemplateError("unclosed `{% raw %}`: expected `{% endraw %}`", at: openedAt, in: source)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }
    static func isNameContinue(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
}
