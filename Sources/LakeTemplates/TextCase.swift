import Foundation

/// Python's string operations where Swift's differ (title case, strip with characters, split).
enum TextCase {
    /// Python's `str.title()`: a letter after a non-letter is upper case, every other letter lower.
    static func title(_ text: String) -> String {
        var out = "", previousIsLetter = false
        for character in text {
            out += previousIsLetter ? character.lowercased() : character.uppercased()
            previousIsLetter = character.isLetter
        }
        return out
    }

    static func capitalize(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst().lowercased()
    }

    static func strip(_ text: String, characters: String?, leading: Bool, trailing: Bool) -> String {
        let set: (Character) -> Bool = characters.map { chars in { chars.contains($0) } } ?? { $0.isWhitespace }
        var slice = Substring(text)
        if leading { slice = slice.drop(while: set) }
        if trailing { while let last = slice.last, set(last) { slice.removeLast() } }
        return String(slice)
    }

    /// Python's `split`: without a separator, runs of whitespace split and ends are trimmed.
    static func split(_ text: String, separator: String?, limit: Int, fromRight: Bool) -> [String] {
        guard let separator, !separator.isEmpty else {
            let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard limit >= 0, words.count > limit + 1 else { return words }
            if fromRight {
                let kept = words.suffix(limit)
                let head = strip(text, characters: nil, leading: true, trailing: true)
                var rest = head
                for word in kept.reversed() { rest = String(rest.dropLast(word.count)); rest = strip(rest, characters: nil, leading: false, trailing: true) }
                return [rest] + kept
            }
            var parts = Array(words.prefix(limit))
            var rest = Substring(strip(text, characters: nil, leading: true, trailing: false))
            for word in parts { rest = rest.dropFirst(word.count).drop(while: \.isWhitespace) }
            parts.append(String(rest))
            return parts
        }
        var parts = text.components(separatedBy: separator)
        guard limit >= 0, parts.count > limit + 1 else { return parts }
        if fromRight {
            let tail = Array(parts.suffix(limit))
            parts = [parts.dropLast(limit).joined(separator: separator)] + tail
        } else {
            parts = Array(parts.prefix(limit)) + [parts.dropFirst(limit).joined(separator: separator)]
        }
        return parts
    }
}

/// Python's `'{} {name}'.format(...)`, with positional, numbered and named fields (no format specs
/// beyond `:` followed by nothing).
enum BraceFormat {
    static func apply(_ format: String, _ arguments: CallArguments) throws -> String {
        var out = "", field = "", inField = false, automatic = 0
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            if inField {
                if character == "}" {
                    inField = false
                    let name = field.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                    let value: Value
                    if name.isEmpty {
                        guard automatic < arguments.positional.count else { throw TemplateFailure("format(): not enough arguments") }
                        value = arguments.positional[automatic]
                        automatic += 1
                    } else if let index = Int(name) {
                        guard index < arguments.positional.count else { throw TemplateFailure("format(): no argument \(index)") }
                        value = arguments.positional[index]
                    } else {
                        guard let named = arguments.keyword.first(where: { $0.name == name }) else { throw TemplateFailure("format(): no argument '\(name)'") }
                        value = named.value
                    }
                    out += try value.rendered()
                    field = ""
                } else {
                    field.append(character)
                }
            } else if character == "{" {
                if characters.first == "{" { characters.removeFirst(); out += "{" } else { inField = true }
            } else if character == "}" {
                if characters.first == "}" { characters.removeFirst() }
                out += "}"
            } else {
                out.append(character)
            }
        }
        return out
    }
}
