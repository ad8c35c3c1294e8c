import Testing
import LakeTemplates
@testable import LakeProject

/// Configuration levels merge key by key as dbt's do (dbt_common's MergeBehavior for each of
/// NodeConfig's fields: Append, Update, DictKeyAppend, else Clobber).
@Suite struct NodeConfigTests {
    @Test func eachKeyMergesAsDbtMergesIt() {
        var config = NodeConfig([("tags", .array([.string("a")])), ("pre-hook", .string("project hook")),
                                 ("meta", .object([("owner", .string("project")), ("tier", .int(1))])),
                                 ("grants", .object([("select", .string("alice")), ("insert", .array([.string("etl")]))])),
                                 ("materialized", .string("view"))])
        config.merge([("tags", .array([.string("a"), .string("b")])), ("pre_hook", .array([.string("model hook")])),
                      ("meta", .object([("owner", .string("model"))])),
                      ("grants", .object([("+select", .array([.string("bob")])), ("insert", .array([.string("loader")]))])),
                      ("materialized", .string("table"))])
        #expect(config["tags"] == .array([.string("a"), .string("b")]))
        #expect(config.hooks("pre_hook") == ["project hook", "model hook"])
        #expect(config["meta"] == .object([("owner", .string("model")), ("tier", .int(1))]))
        #expect(config["grants"] == .object([("select", .array([.string("alice"), .string("bob")])), ("insert", .array([.string("loader")]))]))
        #expect(config.materialized == "table")
    }
}
