import Foundation
import Testing
@testable import LakeIngest

@Suite struct RawFileScannerTests {
    let rules = LineRules(columns: ["name VARCHAR", "count BIGINT", "value DOUBLE"].map { try! RawColumn(declaration: $0) })

    func scan(_ bytes: [UInt8], chunk: Int) throws -> RawFileScanner.Result {
        let scanner = RawFileScanner(rules: rules, staged: nil)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            bytes[offset..<end].withUnsafeBytes { scanner.consume($0) }
            offset = end
        }
        return try scanner.finish()
    }

    /// However the bytes arrive, the lines, hash and verdicts are the same.
    @Test func chunkBoundariesChangeNothing() throws {
        let long = "big," + String(repeating: "9", count: LineRules.maximumLineBytes + 10) + ",1"
        let text = "NAME,count,value\r\na,1,2\r\n\r\n  \nb,1\nc,2.5,1\n" + long + "\nd,4,5\n\"e\",1,1\nf,6,7"
        let whole = try scan(Array(text.utf8), chunk: 1 << 22)
        #expect(whole.lines == 10)
        #expect(whole.headerLines == 1)
        #expect(whole.blank == 2)
        #expect(whole.dataLines == 2)
        #expect(whole.rejected.map(\.line) == [5, 6, 7, 9, 10])
        #expect(whole.rejected.map(\.problem.kind) == [.missingColumns, .fractionInWholeNumber, .lineTooLong, .brokenQuoting, .truncatedLine])
        #expect(whole.linesRead == 9 && whole.needsStaging)
        for chunk in [1, 2, 3, 7, 64, 4096] {
            let pieces = try scan(Array(text.utf8), chunk: chunk)
            #expect(pieces.contentHash == whole.contentHash, "chunk \(chunk)")
            #expect(pieces.rejected == whole.rejected, "chunk \(chunk)")
            #expect(pieces.lines == whole.lines && pieces.blank == whole.blank && pieces.dataLines == whole.dataLines, "chunk \(chunk)")
        }
        #expect(try scan(Array("a,1,2\n".utf8), chunk: 3).contentHash != whole.contentHash)
    }

    /// A file checked in pieces at once says what one pass over it says, line numbers included.
    @Test func piecesCheckedAtOnceAgreeWithOnePass() throws {
        var lines = (0..<3_000).map { "n\($0),\($0),\($0).5" }
        lines[1_200] = "bad,1.5,2"
        lines[2_500] = ""
        lines[2_900] = "name,count,value"
        // The last: a first piece of nothing but blank lines, where the header after them is still
        // the file's header (one pass is taken then).
        for text in [lines.joined(separator: "\n") + "\n", "\n\nname,count,value\n" + lines.joined(separator: "\n"),
                     String(repeating: "\n", count: 100_000) + "name,count,value\n" + lines.joined(separator: "\n")] {
            let bytes = Array(text.utf8)
            let whole = try scan(bytes, chunk: 1 << 22)
            for parts in [2, 3, 7] {
                let path = NSTemporaryDirectory() + "pieces-\(UUID().uuidString).csv"
                defer { try? FileManager.default.removeItem(atPath: path) }
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let pieces = try RawFileScanner.scan(try PlainFile(path), rules: rules, parts: parts, minimumPart: 1)
                #expect(pieces.contentHash == whole.contentHash && pieces.bytes == whole.bytes, "\(parts) parts")
                #expect(pieces.rejected == whole.rejected, "\(parts) parts")
                let counts: [Int] = [pieces.lines, pieces.blank, pieces.headerLines, pieces.dataLines]
                #expect(counts == [whole.lines, whole.blank, whole.headerLines, whole.dataLines], "\(parts) parts")
                #expect(pieces.needsStaging == whole.needsStaging)
                #expect(!pieces.rejected.contains { $0.line == 100_001 }, "the header after blank lines is no mid-file header")
            }
        }
    }

    /// A clean headerless file is read where it lies; a header, like a rejected line, is left
    /// empty in a staged copy, so one headerless read_csv reads every file.
    @Test func aCleanFileNeedsNoStagedCopy() throws {
        let clean = try scan(Array("a,1,2\nb,3,4\n".utf8), chunk: 5)
        #expect(!clean.needsStaging && clean.rejected.isEmpty && clean.linesRead == 2)
        let headed = try scan(Array("name,count,value\na,1,2\n".utf8), chunk: 5)
        #expect(headed.needsStaging && headed.headerLines == 1 && headed.linesRead == 1)
        #expect(try scan(Array("\u{FEFF}a,1,2\n".utf8), chunk: 5).needsStaging)
    }

    @Test func aFileWithNothingOfTheTablesShapeIsQuarantined() throws {
        #expect(try scan(Array("x,y\nz\n".utf8), chunk: 10).quarantineReason(table: "t", columns: 3)?.hasPrefix("no line has the 3 fields of t") == true)
        #expect(try scan([0x00, 0x01, 0x0A, 0xFF, 0xFE, 0x0A], chunk: 10).quarantineReason(table: "t", columns: 3)?.hasPrefix("not CSV text") == true)
        // Lines of the right shape with bad values are rejected one by one instead.
        #expect(try scan(Array("a,1,nan\n".utf8), chunk: 10).quarantineReason(table: "t", columns: 3) == nil)
    }

    /// A staged copy keeps every line in its place, rejected ones empty.
    @Test func theStagedCopyKeepsLineNumbers() throws {
        let path = NSTemporaryDirectory() + "staged-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scanner = RawFileScanner(rules: rules, staged: try StagedCopy(path: path))
        Array("\u{FEFF}NAME,COUNT,VALUE\na,1,2\nb,x\n \nc,3,4".utf8).withUnsafeBytes { scanner.consume($0) }
        _ = try scanner.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\na,1,2\n\n\n\n")
    }
}
