/// What lake checks in every raw line before DuckDB parses it: the problems DuckDB would stop on
/// (bad encoding, over-long lines), load without a word (NUL and control bytes, `nan`, `64.5` in a
/// whole-number column, quote characters the trace never writes) or not count (blank lines,
/// headers). The trace's CSV never quotes, so a line's fields are what lies between its commas.
struct LineRules: Sendable {
    enum Verdict: Equatable {
        case data
        case blank
        case header
        case problem(LineProblem)
    }

    /// Longer lines are rejected here; DuckDB's own limit (2 MB by default) would stop the file.
    static let maximumLineBytes = 1_000_000

    let columns: [RawColumn]
    private let kinds: [RawColumn.Kind]
    private let lowercasedNames: [[UInt8]]
    /// 0 for bytes that need no attention; otherwise which attention.
    private let byteClass: [UInt8]
    private static let comma: UInt8 = 1, high: UInt8 = 2, control: UInt8 = 3, quote: UInt8 = 4

    init(columns: [RawColumn]) {
        self.columns = columns
        kinds = columns.map(\.kind)
        lowercasedNames = columns.map { Array($0.name.lowercased().utf8) }
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0..<0x20 where byte != 0x09 { table[byte] = Self.control }
        table[0x7F] = Self.control
        for byte in 0x80..<0x100 { table[byte] = Self.high }
        table[0x2C] = Self.comma
        table[0x22] = Self.quote
        byteClass = table
    }

    /// Judges one line (without its line break). `headerAllowed`: no data line came before it.
    func judge(_ line: UnsafeRawBufferPointer, headerAllowed: Bool) -> Verdict {
        let count = line.count
        if count > Self.maximumLineBytes {
            return .problem(LineProblem(.lineTooLong, "the line is \(count) bytes long; lake reads lines of at most \(Self.maximumLineBytes) bytes"))
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .blank }

        var fields = 1, fieldStart = 0
        var sawHigh = false, controlAt = -1, quoteAt = -1
        var numberProblem: LineProblem?
        byteClass.withUnsafeBufferPointer { classes in
            for index in 0..<count {
                let attention = classes[Int(line[index])]
                if attention == 0 { continue }
                switch attention {
                case Self.comma:
                    if numberProblem == nil { numberProblem = fieldProblem(fields - 1, line, fieldStart..<index) }
                    fields += 1
                    fieldStart = index + 1
                case Self.high: sawHigh = true
                case Self.control: if controlAt < 0 { controlAt = index }
                default: if quoteAt < 0 { quoteAt = index }
                }
            }
        }
        if numberProblem == nil { numberProblem = fieldProblem(fields - 1, line, fieldStart..<count) }

        if sawHigh, let offset = Self.firstInvalidUTF8(line) {
            return .problem(LineProblem(.invalidEncoding, "byte \(offset + 1) of the line is not valid UTF-8 (0x\(String(line[offset], radix: 16, uppercase: true)))"))
        }
        if controlAt >= 0 {
            let byte = line[controlAt]
            let what = byte == 0 ? "a NUL byte" : "the control character 0x\(String(byte, radix: 16, uppercase: true))"
            return .problem(LineProblem(.controlCharacter, "\(what) at byte \(controlAt + 1) of the line"))
        }
        if fields == columns.count, isHeader(line) {
            return headerAllowed ? .header : .problem(LineProblem(.headerInMidFile, "a header row after data rows"))
        }
        if quoteAt >= 0 {
            return .problem(LineProblem(.brokenQuoting, "a field holds a quote character; the trace format never quotes"))
        }
        if fields < columns.count {
            return .problem(LineProblem(.missingColumns, "expected \(columns.count) fields, found \(fields)"))
        }
        if fields > columns.count {
            return .problem(LineProblem(.tooManyColumns, "expected \(columns.count) fields, found \(fields)"))
        }
        if let numberProblem { return .problem(numberProblem) }
        return .data
    }

    /// `nan`/`inf` in a number column, a fraction or exponent in a whole-number column.
    private func fieldProblem(_ index: Int, _ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> LineProblem? {
        guard index < kinds.count else { return nil }
        switch kinds[index] {
        case .text, .other: return nil
        case .number:
            var position = range.lowerBound
            while position < range.upperBound, line[position] == 0x20 { position += 1 }
            if position < range.upperBound, line[position] == 0x2B || line[position] == 0x2D { position += 1 }
            guard position < range.upperBound else { return nil }
            switch line[position] | 0x20 {
            case UInt8(ascii: "n"), UInt8(ascii: "i"):
                return LineProblem(.notANumber, column: columns[index].name,
                                   "'\(Self.text(line, range))' in \(columns[index].name) is not a finite number")
            default: return nil
            }
        case .wholeNumber:
            var afterPoint = false
            for position in range {
                let byte = line[position]
                if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (afterPoint && byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9")) {
                    return LineProblem(.fractionInWholeNumber, column: columns[index].name,
                                       "'\(Self.text(line, range))' in \(columns[index].name) is not a whole number")
                }
                if byte == UInt8(ascii: ".") { afterPoint = true }
            }
            return nil
        }
    }

    /// The column names, whatever their case, quoting, surrounding blanks or byte-order mark.
    private func isHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        for (position, field) in line.split(separator: 0x2C, omittingEmptySubsequences: false).enumerated() {
            guard position < lowercasedNames.count else { return false }
            var bytes = Array(field)
            if position == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x22 || $0 == 0x27 }
                .reversed().drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x22 || $0 == 0x27 }.reversed()
            let lowered = trimmed.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            guard lowered == lowercasedNames[position] else { return false }
            index += 1
        }
        return index == lowercasedNames.count
    }

    /// The byte offset of the first byte that breaks UTF-8, or nil when the line is valid.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int, minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for next in 1..<length {
                let byte = bytes[index + next]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }

    /// A line's bytes as text a person and DuckDB can read: invalid UTF-8 as U+FFFD, control bytes
    /// as \xNN, long lines cut. `length`: the whole line's length when `bytes` holds only its start.
    static func text(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>? = nil, limit: Int = 1_000, length: Int? = nil) -> String {
        let range = range ?? 0..<bytes.count
        let length = length ?? range.count
        let cut = length > limit
        let shown = UnsafeRawBufferPointer(rebasing: bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + limit)])
        var text = ""
        for scalar in String(decoding: shown, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x20 && scalar.value != 0x09 || scalar.value == 0x7F {
                text += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return cut ? text + "… (\(length) bytes)" : text
    }
}
