import Foundation

/// One pass over a raw file's bytes, in the order they arrive: hashes them, splits them into lines,
/// judges every line (`LineRules`) and, when given a staged copy, writes the lines DuckDB may read.
final class RawFileScanner {
    struct RejectedLine: Sendable, Equatable {
        let line: Int
        let problem: LineProblem
        let text: String
    }

    /// What the pass found.
    struct Result: Sendable {
        let contentHash: String
        let bytes: Int64
        /// Every line, blank, header and rejected ones included.
        let lines: Int
        let blank: Int
        let headerLines: Int
        /// A header that is the file's first line: DuckDB can skip it itself (`header = true`).
        let headerOnFirstLine: Bool
        let dataLines: Int
        let rejected: [RejectedLine]
        /// The original is not fit for DuckDB as it is (rejected lines, blanks, a byte-order mark…).
        let needsStaging: Bool

        /// Lines that count as read: all but the header.
        var linesRead: Int { lines - headerLines }

        /// Why the file cannot be read as a whole, when nothing in it has the table's shape.
        func quarantineReason(table: String, columns: Int) -> String? {
            guard dataLines == 0, !rejected.isEmpty else { return nil }
            let shapeless: Set<LineProblem.Kind> = [.invalidEncoding, .controlCharacter, .lineTooLong, .missingColumns, .tooManyColumns]
            guard rejected.allSatisfy({ shapeless.contains($0.problem.kind) }) else { return nil }
            let binary = rejected.filter { $0.problem.kind == .invalidEncoding || $0.problem.kind == .controlCharacter }.count
            if binary * 2 >= rejected.count { return "not CSV text: \(binary) of its \(rejected.count) lines hold bytes that are not UTF-8 text" }
            return "no line has the \(columns) fields of \(table) (line \(rejected[0].line): \(rejected[0].problem.message))"
        }
    }

    private let rules: LineRules
    private let staged: StagedCopy?
    private let hasher = ContentHasher()
    private var carry: [UInt8] = []
    /// A line longer than the limit is not kept whole: its first bytes and its length.
    private var carryLength = 0
    private var bytes: Int64 = 0
    private var lineNumber = 0
    private var blank = 0, headerLines = 0, dataLines = 0
    private var headerOnFirstLine = false
    private var headerAllowed = true
    private var rejected: [RejectedLine] = []
    private var needsStaging = false

    init(rules: LineRules, staged: StagedCopy?) {
        self.rules = rules
        self.staged = staged
    }

    func consume(_ chunk: UnsafeRawBufferPointer) {
        guard !chunk.isEmpty, let base = chunk.baseAddress else { return }
        hasher.update(chunk)
        bytes += Int64(chunk.count)
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, 0x0A, chunk.count - start) else {
                keep(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                return
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            if carryLength > 0 {
                keep(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                flushCarry(terminated: true)
            } else {
                line(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), terminated: true)
            }
            start = end + 1
        }
    }

    func finish() throws -> Result {
        if carryLength > 0 { flushCarry(terminated: false) }
        try staged?.close()
        return Result(contentHash: hasher.digest(), bytes: bytes, lines: lineNumber, blank: blank, headerLines: headerLines,
                      headerOnFirstLine: headerOnFirstLine, dataLines: dataLines, rejected: rejected, needsStaging: needsStaging)
    }

    private func keep(_ part: UnsafeRawBufferPointer) {
        let room = LineRules.maximumLineBytes + 1 - carry.count
        if room > 0 { carry.append(contentsOf: part.prefix(room)) }
        carryLength += part.count
    }

    private func flushCarry(terminated: Bool) {
        if carryLength > carry.count {
            lineNumber += 1
            needsStaging = true
            headerAllowed = false
            let problem = LineProblem(.lineTooLong, "the line is \(carryLength) bytes long; lake reads lines of at most \(LineRules.maximumLineBytes) bytes")
            carry.withUnsafeBytes { rejected.append(RejectedLine(line: lineNumber, problem: problem, text: LineRules.text($0, length: carryLength))) }
            staged?.writeEmptyLine()
        } else {
            carry.withUnsafeBytes { line($0, terminated: terminated) }
        }
        carry.removeAll(keepingCapacity: true)
        carryLength = 0
    }

    private func line(_ raw: UnsafeRawBufferPointer, terminated: Bool) {
        lineNumber += 1
        var body = raw
        if let last = body.last, last == 0x0D { body = UnsafeRawBufferPointer(rebasing: body.dropLast()) }
        if lineNumber == 1, body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = UnsafeRawBufferPointer(rebasing: body.dropFirst(3))
            needsStaging = true
        }
        var verdict = rules.judge(body, headerAllowed: headerAllowed)
        if !terminated, verdict == .data {
            verdict = .problem(LineProblem(.truncatedLine, "the file ends inside this line (no line break after it)"))
        }
        switch verdict {
        case .data:
            dataLines += 1
            headerAllowed = false
            staged?.write(body)
        case .blank:
            blank += 1
            if !body.isEmpty || !terminated { needsStaging = true }
            staged?.writeEmptyLine()
        case .header:
            headerLines += 1
            headerAllowed = false
            if lineNumber == 1 && !needsStaging { headerOnFirstLine = true } else { needsStaging = true }
            staged?.writeEmptyLine()
        case .problem(let problem):
            headerAllowed = false
            needsStaging = true
            rejected.append(RejectedLine(line: lineNumber, problem: problem, text: LineRules.text(body)))
            staged?.writeEmptyLine()
        }
    }
}
