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
        let dataLines: Int
        let rejected: [RejectedLine]
        /// The original is not fit for DuckDB as it is (rejected lines, blanks, a header, a byte-order mark…).
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
    /// Nil when scanning one part of a file, whose hash is taken over the whole.
    private let hasher: ContentHasher?
    /// Whether the first line seen is the file's first (where a byte-order mark may stand).
    private let startsFile: Bool
    private var carry: [UInt8] = []
    /// A line longer than the limit is not kept whole: its first bytes and its length.
    private var carryLength = 0
    private var bytes: Int64 = 0
    private var lineNumber = 0
    private var blank = 0, headerLines = 0, dataLines = 0
    private var headerAllowed = true
    private var rejected: [RejectedLine] = []
    private var needsStaging = false

    init(rules: LineRules, staged: StagedCopy?) {
        self.rules = rules
        self.staged = staged
        hasher = ContentHasher()
        startsFile = true
    }

    /// A scanner for one piece of a file, starting at a line's start; the hash is the whole file's,
    /// taken elsewhere. A later piece follows lines that held data, so a header there is mid-file.
    private init(piece rules: LineRules, first: Bool) {
        self.rules = rules
        staged = nil
        hasher = nil
        startsFile = first
        headerAllowed = first
    }

    func consume(_ chunk: UnsafeRawBufferPointer) {
        guard !chunk.isEmpty, let base = chunk.baseAddress else { return }
        hasher?.update(chunk)
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
        return Result(contentHash: hasher?.digest() ?? "", bytes: bytes, lines: lineNumber, blank: blank, headerLines: headerLines,
                      dataLines: dataLines, rejected: rejected, needsStaging: needsStaging)
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
        if lineNumber == 1, startsFile, body.starts(with: [0xEF, 0xBB, 0xBF]) {
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
            // Left empty in the staged copy: DuckDB then reads every file of a table in one
            // headerless read_csv (a second, headed read beside it cost a quarter of the load).
            headerLines += 1
            headerAllowed = false
            needsStaging = true
            staged?.writeEmptyLine()
        case .problem(let problem):
            headerAllowed = false
            needsStaging = true
            rejected.append(RejectedLine(line: lineNumber, problem: problem, text: LineRules.text(body)))
            staged?.writeEmptyLine()
        }
    }

    /// A plain file checked in `parts` pieces at once (each starting at a line's start) and hashed
    /// as one: the line checks, not DuckDB, were the load's single-threaded part. Line numbers of
    /// the later pieces are shifted by the lines before them. A file whose first piece holds no
    /// data line (a header may still come) is checked in one piece, as it must be.
    static func scan(_ file: PlainFile, rules: LineRules, parts: Int, minimumPart: Int = 16 << 20) throws -> Result {
        func whole() throws -> Result {
            let scanner = RawFileScanner(rules: rules, staged: nil)
            try file.read(0..<file.size) { scanner.consume($0) }
            return try scanner.finish()
        }
        let count = max(1, min(parts, file.size / max(1, minimumPart)))
        guard count > 1 else { return try whole() }
        var bounds = [0]
        for index in 1..<count { bounds.append(try file.lineStart(atOrAfter: max(bounds[index - 1], file.size * index / count))) }
        bounds.append(file.size)
        let scanners = (0..<count).map { RawFileScanner(piece: rules, first: $0 == 0) }
        // The hash is one more piece of work beside the checks: it reads the whole file in order.
        let hasher = ContentHasher()
        // One slot per iteration; each piece, its scanner and the hasher belong to one iteration,
        // and the file reads from any thread.
        let failures = UnsafeMutableBufferPointer<Error?>.allocate(capacity: count + 1)
        failures.initialize(repeating: nil)
        defer { failures.deallocate() }
        nonisolated(unsafe) let work = (scanners, bounds, hasher, file, failures)
        DispatchQueue.concurrentPerform(iterations: count + 1) { index in
            do {
                if index == count {
                    try work.3.read(0..<work.3.size) { work.2.update($0) }
                } else {
                    try work.3.read(work.1[index]..<work.1[index + 1]) { work.0[index].consume($0) }
                }
            } catch { work.4[index] = error }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        let results = try scanners.map { try $0.finish() }
        guard results[0].dataLines > 0 || !results[0].rejected.isEmpty else { return try whole() }
        var rejected: [RejectedLine] = []
        var linesBefore = 0
        for result in results {
            rejected += result.rejected.map { RejectedLine(line: $0.line + linesBefore, problem: $0.problem, text: $0.text) }
            linesBefore += result.lines
        }
        return Result(contentHash: hasher.digest(), bytes: Int64(file.size), lines: linesBefore,
                      blank: results.reduce(0) { $0 + $1.blank }, headerLines: results.reduce(0) { $0 + $1.headerLines },
                      dataLines: results.reduce(0) { $0 + $1.dataLines }, rejected: rejected,
                      needsStaging: results.contains { $0.needsStaging })
    }
}
