import Testing
@testable import LakeIngest

@Suite struct LineRulesTests {
    let rules = LineRules(columns: ["name VARCHAR", "count BIGINT", "value DOUBLE"].map { try! RawColumn(declaration: $0) })

    func judge(_ text: [UInt8], headerAllowed: Bool = false) -> LineRules.Verdict {
        text.withUnsafeBytes { rules.judge($0, headerAllowed: headerAllowed) }
    }
    func kind(_ text: String) -> LineProblem.Kind? {
        if case .problem(let problem) = judge(Array(text.utf8)) { return problem.kind }
        return nil
    }

    @Test func wellFormedLinesAreData() {
        for line in ["a,1,2.5", "a,,", ",-3,1e5", "ü,64.0,-0.5", "a\tb,1,2", "x,+7,.5"] {
            #expect(judge(Array(line.utf8)) == .data, "\(line)")
        }
    }

    @Test func eachProblemHasItsKind() {
        #expect(kind("a,1") == .missingColumns)
        #expect(kind("a,1,2,3") == .tooManyColumns)
        #expect(kind("a,1,nan") == .notANumber)
        #expect(kind("a,1, -Inf") == .notANumber)
        #expect(kind("a,64.5,1") == .fractionInWholeNumber)
        #expect(kind("a,1E2,1") == .fractionInWholeNumber)
        #expect(kind("\"a\",1,2") == .brokenQuoting)
        #expect(kind("a\u{0},1,2") == .controlCharacter)
        #expect(kind("a\u{1B},1,2") == .controlCharacter)
        #expect(judge(Array("caf".utf8) + [0xE9] + Array(",1,2".utf8)) != .data)
        #expect(kind(String(repeating: "x", count: LineRules.maximumLineBytes + 1)) == .lineTooLong)
        #expect(kind("name,count,value") == .headerInMidFile)
    }

    @Test func headersAreRecognisedWhateverTheirSpelling() {
        for header in ["name,count,value", "NAME,Count,VALUE", "\"name\",\"count\",\"value\"", " name , count , value ", "'name','count','value'"] {
            #expect(judge(Array(header.utf8), headerAllowed: true) == .header, "\(header)")
        }
        #expect(judge([0xEF, 0xBB, 0xBF] + Array("name,count,value".utf8), headerAllowed: true) == .header)
        #expect(judge(Array("name,count".utf8), headerAllowed: true) != .header)
    }

    @Test func blankLinesAreTheirOwnKind() {
        for line in ["", " ", "\t \t"] { #expect(judge(Array(line.utf8)) == .blank) }
    }

    @Test func utf8ValidationFindsTheFirstBadByte() {
        func offset(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes { LineRules.firstInvalidUTF8($0) } }
        #expect(offset(Array("plain ü 日本 😀".utf8)) == nil)
        #expect(offset([0x61, 0xE9, 0x62]) == 1)
        #expect(offset([0x61, 0xC0, 0x80]) == 1)          // overlong
        #expect(offset([0xED, 0xA0, 0x80]) == 0)          // a surrogate
        #expect(offset([0x61, 0x62, 0xE6, 0x97]) == 2)    // cut short
    }
}
