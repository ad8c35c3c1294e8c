import Testing
@testable import LakeYAML

@Suite struct YAMLParserTests {
    @Test func nodesKeepTheirPositionsAndScalarsResolveAsPyYAMLDoes() throws {
        let text = """
            name: gpu_lake
            threads: 4
            vars:
              rate: 2.50
              flag: yes
              quoted: "42"
              nothing: ~
            model-paths: [models, more_models]
            models:
              gpu_lake:
                +materialized: table
            """
        let root = try #require(try YAMLParser.parse(text, file: "lake.yml"))
        #expect(root["name"]?.scalar == .string("gpu_lake"))
        #expect(root["threads"]?.scalar == .int(4))
        #expect(root["vars"]?["rate"]?.scalar == .double(2.5))
        #expect(root["vars"]?["flag"]?.scalar == .bool(true))
        #expect(root["vars"]?["quoted"]?.scalar == .string("42"))
        #expect(root["vars"]?["nothing"]?.isNull == true)
        #expect(root["model-paths"]?.items?.compactMap(\.text) == ["models", "more_models"])
        let materialized = try #require(root["models"]?["gpu_lake"]?["+materialized"])
        #expect((materialized.line, materialized.column) == (11, 20))
        #expect(root.entries?.map(\.key) == ["name", "threads", "vars", "model-paths", "models"])
    }

    @Test func anchorsAndAliasesResolve() throws {
        let root = try #require(try YAMLParser.parse("base: &b {x: 1}\ncopy: *b\n", file: "a.yml"))
        #expect(root["copy"]?["x"]?.scalar == .int(1))
    }

    @Test func syntaxErrorsNameTheFileLineAndColumn() throws {
        let error = #expect(throws: YAMLError.self) {
            try YAMLParser.parse("models:\n  - name: a\n   bad: [1, 2\n", file: "models/schema.yml")
        }
        #expect(error?.file == "models/schema.yml")
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("models/schema.yml:3:") == true)
        #expect(error?.description.contains(" 3 |    bad: [1, 2") == true)
    }

    @Test func duplicateKeysAreAnError() throws {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: 1\nb: 2\na: 3\n", file: "lake.yml") }
        #expect(error?.message == "duplicate key 'a' (first at line 1)")
        #expect((error?.line, error?.column) == (3, 1))
    }

    @Test func anEmptyFileHasNoDocument() throws {
        #expect(try YAMLParser.parse("", file: "x.yml") == nil)
        #expect(try YAMLParser.parse("# only a comment\n", file: "x.yml") == nil)
    }
}
