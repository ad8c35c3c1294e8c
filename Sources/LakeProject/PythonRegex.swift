import Foundation
import LakeTemplates

/// Python's `re` as dbt's `modules.re` hands it to templates (dbt_utils' `slugify` and
/// `sequential_values` use `re.sub` and `re.match`): `sub`, `match`, `fullmatch`, `search`,
/// `findall`, `split`, `escape`, `compile`, and the flags. Patterns are Python's syntax, run by
/// ICU's engine (NSRegularExpression) after the few spellings that differ are translated.
enum PythonRegex {
    static let flags: [String: Int] = ["IGNORECASE": 2, "I": 2, "MULTILINE": 8, "M": 8, "DOTALL": 16, "S": 16, "VERBOSE": 64, "X": 64,
                                       "ASCII": 256, "A": 256, "UNICODE": 32, "U": 32]

    static let module: Value = {
        var members: [String: Value] = [:]
        for (name, value) in flags { members[name] = .int(value) }
        for name in ["sub", "subn", "match", "fullmatch", "search", "findall", "split"] {
            members[name] = .function(Function(name) { arguments in
                let pattern = try compile(arguments.required(0, "pattern"), flags: arguments.value(name == "sub" || name == "subn" ? 4 : name == "split" ? 3 : 2, "flags"))
                var rest = arguments
                rest.positional = Array(arguments.positional.dropFirst())
                return try pattern.method(name, rest)
            })
        }
        members["compile"] = .function(Function("compile") { arguments in
            .object(try compile(arguments.required(0, "pattern"), flags: arguments.value(1, "flags")))
        })
        members["escape"] = .function(Function("escape") { arguments in
            let text = try arguments.string(0, "pattern")
            return .string(String(text.flatMap { character -> [Character] in
                character.isLetter || character.isNumber || character == "_" || !character.isASCII ? [character] : ["\\", character]
            }))
        })
        return .object(AttributeObject("module", members, rendered: "<module 're'>"))
    }()

    static func compile(_ pattern: Value, flags: Value?) throws -> PatternObject {
        if case .object(let object) = pattern, let compiled = object as? PatternObject { return compiled }
        guard case .string(let text) = pattern else { throw TemplateFailure("re: the pattern must be a string, not \(pattern.typeName)") }
        var options: NSRegularExpression.Options = []
        if case .int(let bits)? = flags {
            if bits & 2 != 0 { options.insert(.caseInsensitive) }
            if bits & 8 != 0 { options.insert(.anchorsMatchLines) }
            if bits & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
            if bits & 64 != 0 { options.insert(.allowCommentsAndWhitespace) }
        }
        let translated = translate(text, verbose: options.contains(.allowCommentsAndWhitespace))
        do {
            return PatternObject(text, try NSRegularExpression(pattern: translated, options: options))
        } catch {
            throw TemplateFailure("re: bad pattern '\(text)'")
        }
    }
}

extension PythonRegex {
    /// A Python pattern in ICU's spelling: named groups `(?P<name>…)` and their back references
    /// `(?P=name)`, `\Z`; a brace that does not make a repetition is literal in Python and an
    /// error in ICU, so it is escaped; Python's `{,m}` is `{0,m}`. Escapes and character classes
    /// are copied as they are, and so, in verbose mode (the flag, or `(?x)` in front), are
    /// comments (codegen's import-CTE pattern writes `{{` in both).
    static func translate(_ pattern: String, verbose verboseFlag: Bool) -> String {
        let characters = Array(pattern)
        var verbose = verboseFlag
        if pattern.hasPrefix("(?"), let close = characters.firstIndex(of: ")"),
           characters[2..<close].allSatisfy({ "aiLmsux".contains($0) }), characters[2..<close].contains("x") {
            verbose = true
        }
        var out = "", index = 0
        func starts(with text: String) -> Bool { characters[index...].starts(with: Array(text)) }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                out += next == "Z" ? "\\z" : "\\" + (next.map(String.init) ?? "")
                index += 2
            case "[":
                // To the class's closing bracket; a ] first (after any ^) is a member.
                var end = index + 1
                if end < characters.count, characters[end] == "^" { end += 1 }
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" { end += characters[end] == "\\" ? 2 : 1 }
                end = min(end, characters.count - 1)
                out += String(characters[index...end])
                index = end + 1
            case "#" where verbose:
                let end = characters[index...].firstIndex(of: "\n") ?? characters.count
                out += String(characters[index..<end])
                index = end
            case "(" where starts(with: "(?P<"):
                out += "(?<"
                index += 4
            case "(" where starts(with: "(?P="):
                let end = characters[index...].firstIndex(of: ")") ?? characters.count - 1
                out += "\\k<" + String(characters[(index + 4)..<end]) + ">"
                index = end + 1
            case "{":
                let rest = String(characters[index...])
                if let range = rest.range(of: #"^\{(\d+(,\d*)?|,\d+)\}"#, options: .regularExpression) {
                    let repetition = String(rest[range])
                    out += repetition.hasPrefix("{,") ? "{0" + repetition.dropFirst() : repetition
                    index += repetition.count
                } else {
                    out += "\\{"
                    index += 1
                }
            case "}":
                out += "\\}"
                index += 1
            default:
                out.append(character)
                index += 1
            }
        }
        return out
    }
}

/// A compiled pattern (`re.compile`), and what the module's functions run on.
final class PatternObject: TemplateObject {
    let source: String
    let expression: NSRegularExpression
    init(_ source: String, _ expression: NSRegularExpression) { self.source = source; self.expression = expression }

    var typeName: String { "Pattern" }
    var rendered: String { "re.compile(\(Value.string(source).repr()))" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "pattern": return .string(source)
        case "sub", "subn", "match", "fullmatch", "search", "findall", "split":
            return .function(Function(name) { [self] arguments in try method(name, arguments) })
        default: return nil
        }
    }

    func method(_ name: String, _ arguments: CallArguments) throws -> Value {
        switch name {
        case "sub", "subn":
            let replacement = try arguments.string(0, "repl"), text = try arguments.string(1, "string")
            let count = arguments.value(2, "count").flatMap { if case .int(let n) = $0 { n } else { nil } } ?? 0
            let (result, made) = substitute(in: text, with: replacement, count: count)
            return name == "sub" ? .string(result) : .list([.string(result), .int(made)], isTuple: true)
        case "match", "fullmatch", "search":
            let text = try arguments.string(0, "string")
            let whole = NSRange(text.startIndex..., in: text)
            let options: NSRegularExpression.MatchingOptions = name == "search" ? [] : [.anchored]
            guard let found = expression.firstMatch(in: text, options: options, range: whole),
                  name != "fullmatch" || found.range.length == whole.length else { return .none }
            return .object(MatchObject(found, in: text, expression: expression))
        case "findall":
            let text = try arguments.string(0, "string")
            return .list(expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { found in
                let groups = (1..<max(1, found.numberOfRanges)).map { MatchObject.group($0, of: found, in: text) }
                switch expression.numberOfCaptureGroups {
                case 0: return MatchObject.group(0, of: found, in: text)
                case 1: return groups[0].isNone ? .string("") : groups[0]
                default: return .list(groups.map { $0.isNone ? .string("") : $0 }, isTuple: true)
                }
            })
        case "split":
            let text = try arguments.string(0, "string")
            let limit = arguments.value(1, "maxsplit").flatMap { if case .int(let n) = $0 { n } else { nil } } ?? 0
            var pieces: [Value] = [], start = text.startIndex
            for (index, found) in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).enumerated() {
                if limit > 0 && index >= limit { break }
                guard let range = Range(found.range, in: text) else { continue }
                pieces.append(.string(String(text[start..<range.lowerBound])))
                for group in 1..<max(1, found.numberOfRanges) { pieces.append(MatchObject.group(group, of: found, in: text)) }
                start = range.upperBound
            }
            pieces.append(.string(String(text[start...])))
            return .list(pieces)
        default:
            throw TemplateFailure("re: no function \(name)")
        }
    }

    /// Python's replacement template: `\1`, `\g<1>`, `\g<name>`, `\n`, `\\`; everything else literal.
    private func substitute(in text: String, with replacement: String, count: Int) -> (String, Int) {
        var result = "", last = text.startIndex, made = 0
        for found in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if count > 0 && made >= count { break }
            guard let range = Range(found.range, in: text) else { continue }
            result += text[last..<range.lowerBound]
            var characters = Array(replacement)[...]
            while let character = characters.popFirst() {
                guard character == "\\", let next = characters.first else { result.append(character); continue }
                if next.isNumber {
                    let digits = String(characters.prefix { $0.isNumber }.prefix(2))
                    characters = characters.dropFirst(digits.count)
                    result += (try? MatchObject.group(Int(digits)!, of: found, in: text).rendered()).flatMap { $0 == "None" ? "" : $0 } ?? ""
                } else if next == "g", characters.dropFirst().first == "<", let close = characters.firstIndex(of: ">") {
                    let name = String(characters[characters.index(characters.startIndex, offsetBy: 2)..<close])
                    characters = characters[characters.index(after: close)...]
                    let value = Int(name).map { MatchObject.group($0, of: found, in: text) } ?? MatchObject.named(name, of: found, in: text)
                    if case .string(let captured) = value { result += captured }
                } else {
                    characters = characters.dropFirst()
                    switch next {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "\\": result += "\\"
                    default: result += "\\" + String(next)
                    }
                }
            }
            last = range.upperBound
            made += 1
        }
        return (result + text[last...], made)
    }
}

/// A match (`re.match(...)`): `group()`, `groups()`, `groupdict()`, `start()`, `end()`, `span()`.
final class MatchObject: TemplateObject {
    let found: NSTextCheckingResult
    let text: String
    let expression: NSRegularExpression
    init(_ found: NSTextCheckingResult, in text: String, expression: NSRegularExpression) {
        self.found = found
        self.text = text
        self.expression = expression
    }

    static func group(_ index: Int, of found: NSTextCheckingResult, in text: String) -> Value {
        guard index < found.numberOfRanges, let range = Range(found.range(at: index), in: text) else { return .none }
        return .string(String(text[range]))
    }

    static func named(_ name: String, of found: NSTextCheckingResult, in text: String) -> Value {
        guard let range = Range(found.range(withName: name), in: text) else { return .none }
        return .string(String(text[range]))
    }

    var typeName: String { "Match" }
    var rendered: String {
        let whole = (try? Self.group(0, of: found, in: text).rendered()) ?? ""
        return "<re.Match object; span=(\(found.range.location), \(found.range.location + found.range.length)), match=\(Value.string(whole).repr())>"
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "group":
            return .function(Function("group") { [self] arguments in
                let picks = arguments.positional.isEmpty ? [Value.int(0)] : arguments.positional
                let values = picks.map { pick -> Value in
                    if case .string(let name) = pick { return Self.named(name, of: found, in: text) }
                    if case .int(let index) = pick { return Self.group(index, of: found, in: text) }
                    return .none
                }
                return values.count == 1 ? values[0] : .list(values, isTuple: true)
            })
        case "groups":
            return .function(Function("groups") { [self] _ in
                .list((1..<max(1, found.numberOfRanges)).map { Self.group($0, of: found, in: text) }, isTuple: true)
            })
        case "start": return .function(Function("start") { [found] _ in .int(found.range.location) })
        case "end": return .function(Function("end") { [found] _ in .int(found.range.location + found.range.length) })
        case "span":
            return .function(Function("span") { [found] _ in .list([.int(found.range.location), .int(found.range.location + found.range.length)], isTuple: true) })
        case "string": return .string(text)
        default: return nil
        }
    }
}
