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
    /// Bit i set when column i (of the first 64) is a number or whole number.
    private let numericFields: UInt64
    private let wholeNumberFields: UInt64
    /// 0 for bytes that need no attention; otherwise which attention.
    private let byteClass: [UInt8]
    private static let comma: UInt8 = 1, high: UInt8 = 2, control: UInt8 = 3, quote: UInt8 = 4

    init(columns: [RawColumn]) {
        self.columns = columns
        kinds = columns.map(\.kind)
        lowercasedNames = columns.map { Array($0.name.lowercased().utf8) }
        numericFields = columns.prefix(64).enumerated().reduce(0) { bits, column in
            column.element.kind == .number || column.element.kind == .wholeNumber ? bits | 1 << UInt64(column.offset) : bits
        }
        wholeNumberFields = columns.prefix(64).enumerated().reduce(0) { bits, column in
            column.element.kind == .wholeNumber ? bits | 1 << UInt64(column.offset) : bits
        }
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0..<0x20 where byte != 0x09 { table[byte] = Self.control }
        table[0x7F] = Self.control
        for byte in 0x80..<0x100 { table[byte] = Self.high }
        table[0x2C] = Self.comma
        table[0x22] = Self.quote
        byteClass = table
    }

    /// Judges one line (without its line break). `headerAllowed`: no data line came before it.
    /// Nearly every line is plain ASCII without a quote or control byte: it is read eight bytes at
    /// a time and stopped at only for its commas. Any other line takes the careful path.
    func judge(_ line: UnsafeRawBufferPointer, headerAllowed: Bool) -> Verdict {
        let count = line.count
        if count > Self.maximumLineBytes {
            return .problem(LineProblem(.lineTooLong, "the line is \(count) bytes long; lake reads lines of at most \(Self.maximumLineBytes) bytes"))
        }
        guard count > 0, let base = line.baseAddress else { return .blank }
        let first = base.load(as: UInt8.self)
        if first == 0x20 || first == 0x09 || first == 0xEF || first == 0x22 || first == 0x27 { return judgeCarefully(line, headerAllowed: headerAllowed) }
        var fields = 1, fieldStart = 0
        var numberProblem: LineProblem?
        var offset = 0
        while offset + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if Self.needsCare(word) { return judgeCarefully(line, headerAllowed: headerAllowed) }
            var commas = Self.bytes(equalTo: 0x2C, in: word)
            while commas != 0 {
                let position = offset + commas.trailingZeroBitCount >> 3
                if numberProblem == nil, isNumeric(fields - 1), !Self.plainlyFine(base, fieldStart, position, whole: isWholeNumber(fields - 1)) {
                    numberProblem = fieldProblem(fields - 1, line, fieldStart..<position)
                }
                fields += 1
                fieldStart = position + 1
                commas &= commas - 1
            }
            offset += 8
        }
        while offset < count {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            if byte == 0x2C {
                if numberProblem == nil, isNumeric(fields - 1) { numberProblem = fieldProblem(fields - 1, line, fieldStart..<offset) }
                fields += 1
                fieldStart = offset + 1
            } else if byte < 0x20 && byte != 0x09 || byte >= 0x7F || byte == 0x22 {
                return judgeCarefully(line, headerAllowed: headerAllowed)
            }
            offset += 1
        }
        if numberProblem == nil, isNumeric(fields - 1) { numberProblem = fieldProblem(fields - 1, line, fieldStart..<count) }
        if fields == columns.count, headerAllowed || first | 0x20 == lowercasedNames[0].first, isHeader(line) {
            return headerAllowed ? .header : .problem(LineProblem(.headerInMidFile, "a header row after data rows"))
        }
        if fields < columns.count { return .problem(LineProblem(.missingColumns, "expected \(columns.count) fields, found \(fields)")) }
        if fields > columns.count { return .problem(LineProblem(.tooManyColumns, "expected \(columns.count) fields, found \(fields)")) }
        if let numberProblem { return .problem(numberProblem) }
        return .data
    }

    @inline(__always) private func isWholeNumber(_ index: Int) -> Bool {
        index < 64 ? (wholeNumberFields >> UInt64(index)) & 1 == 1 : index < kinds.count && kinds[index] == .wholeNumber
    }

    /// An empty field, or a number field that starts with a digit: nothing `fieldProblem` could find.
    @inline(__always) private static func plainlyFine(_ base: UnsafeRawPointer, _ start: Int, _ end: Int, whole: Bool) -> Bool {
        guard start < end else { return true }
        let first = base.load(fromByteOffset: start, as: UInt8.self)
        return !whole && first >= 0x30 && first <= 0x39
    }

    @inline(__always) private func isNumeric(_ index: Int) -> Bool {
        index < 64 ? (numericFields >> UInt64(index)) & 1 == 1 : index < kinds.count && (kinds[index] == .number || kinds[index] == .wholeNumber)
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` that equals `value`, exactly (no false positives).
    @inline(__always) static func bytes(equalTo value: UInt8, in word: UInt64) -> UInt64 {
        let difference = word ^ (ones &* UInt64(value))
        return ~(((difference & lowBits) &+ lowBits) | difference | lowBits)
    }

    /// Whether a word holds a byte the fast path does not handle: non-ASCII, control (but tab), DEL, quote.
    @inline(__always) static func needsCare(_ word: UInt64) -> Bool {
        let belowSpace = ~(((word & lowBits) &+ (ones &* 0x60)) | word) & highBits
        let special = (word & highBits) | (belowSpace & ~bytes(equalTo: 0x09, in: word))
        return special | bytes(equalTo: 0x7F, in: word) | bytes(equalTo: 0x22, in: word) != 0
    }

    /// Every check byte by byte, with the first offending byte's position for the message.
    private func judgeCarefully(_ line: UnsafeRawBufferPointer, headerAllowed: Bool) -> Verdict {
        let count = line.count
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
