import LakeTemplates
import LakeYAML
import TextSupport

/// A dbt unit test (`unit_tests:` in a schema file, dbt 1.8): a model's SQL run on given rows of
/// its inputs instead of the warehouse's, and its output compared with the expected rows.
public struct UnitTestSpec: Sendable {
    /// Rows standing in for one input (`given`) or the output (`expect`).
    public struct Fixture: Sendable {
        public enum Rows: Sendable {
            /// `rows:` as a list of mappings (dbt's `dict` format).
            case dictionaries([[(String, JSONValue)]])
            /// `format: csv`: a header line, then one line a row.
            case csv(String)
            /// `format: sql`: a query giving the rows.
            case sql(String)
            /// `fixture: name`: the rows of tests/fixtures/name.csv or name.sql, in `format`.
            case file(name: String, format: String)
        }
        /// `ref('x')`, `source('a', 'b')` or `this`, as written; nil for `expect`.
        public let input: String?
        public let rows: Rows
    }

    public internal(set) var name: String
    /// The model it tests; for a version of a versioned model, that version's node name.
    public internal(set) var model: String
    /// `versions: {include: [...]}` / `{exclude: [...]}`: which versions of a versioned model it tests.
    public var versionsIncluded: [String]? = nil
    public var versionsExcluded: [String] = []
    public let given: [Fixture]
    public let expect: Fixture
    /// `overrides: vars:` over the project's and the run's.
    public let variables: [String: JSONValue]
    /// `overrides: macros:`: what a macro (e.g. `is_incremental`) returns in this test.
    public let macros: [String: JSONValue]
    /// `overrides: env_vars:`.
    public let environment: [String: String]

    static let keys = ["name", "model", "given", "expect", "overrides", "description", "config", "versions"]

    static func parse(_ entry: YAMLNode, in document: YAMLDocument) throws -> (UnitTestSpec, config: [(String, JSONValue)]) {
        for (key, _, keyNode) in try document.mapping(entry, what: "unit test") where !keys.contains(key) {
            throw document.error("unknown key '\(key)' in a unit test\(EditDistance.hint(key, among: keys))", at: keyNode)
        }
        guard let nameNode = entry["name"], let modelNode = entry["model"] else {
            throw document.error("a unit test needs `name:` and `model:`", at: entry)
        }
        guard let expectNode = entry["expect"] else { throw document.error("a unit test needs `expect:` rows", at: entry) }
        let given = try entry["given"].map { try document.list($0, what: "given") } ?? []
        var variables: [String: JSONValue] = [:], macros: [String: JSONValue] = [:], environment: [String: String] = [:]
        if let overrides = entry["overrides"] {
            if let node = overrides["vars"] { for (key, value, _) in try document.mapping(node, what: "vars") { variables[key] = value.json } }
            if let node = overrides["macros"] { for (key, value, _) in try document.mapping(node, what: "macros") { macros[key] = value.json } }
            if let node = overrides["env_vars"] { for (key, value, _) in try document.mapping(node, what: "env_vars") { environment[key] = value.text ?? "" } }
        }
        let config = try entry["config"].map { try document.mapping($0, what: "config").map { ($0.key, $0.node.json) } } ?? []
        let spec = UnitTestSpec(name: try document.string(nameNode, what: "name"), model: try document.string(modelNode, what: "model"),
                                given: try given.map { try fixture($0, input: true, in: document) },
                                expect: try fixture(expectNode, input: false, in: document),
                                variables: variables, macros: macros, environment: environment)
        var versioned = spec
        if let versions = entry["versions"] {
            versioned.versionsIncluded = try versions["include"].map { try document.list($0, what: "include").map { $0.text ?? "" } }
            versioned.versionsExcluded = try versions["exclude"].map { try document.list($0, what: "exclude").map { $0.text ?? "" } } ?? []
        }
        return (versioned, config)
    }

    private static func fixture(_ node: YAMLNode, input: Bool, in document: YAMLDocument) throws -> Fixture {
        var name: String?
        if input {
            guard let inputNode = node["input"] else { throw document.error("each `given` entry needs an `input:` (ref('x'), source('a', 'b') or this)", at: node) }
            name = try document.string(inputNode, what: "input")
        }
        let format = try node["format"].map { try document.string($0, what: "format") } ?? "dict"
        let rowsNode = node["rows"]
        switch format {
        case "dict":
            guard let rowsNode, !rowsNode.isNull else { return Fixture(input: name, rows: .dictionaries([])) }
            let rows = try document.list(rowsNode, what: "rows").map { row in
                try document.mapping(row, what: "a row").map { ($0.key, $0.node.json) }
            }
            return Fixture(input: name, rows: .dictionaries(rows))
        case "csv", "sql":
            if let fixture = node["fixture"] {
                return Fixture(input: name, rows: .file(name: try document.string(fixture, what: "fixture"), format: format))
            }
            let text = try rowsNode.map { try document.string($0, what: "rows") } ?? ""
            return Fixture(input: name, rows: format == "csv" ? .csv(text) : .sql(text))
        default:
            throw document.error("a fixture's format is dict, csv or sql, not '\(format)'", at: node["format"] ?? node)
        }
    }
}
