import Foundation
import Testing
@testable import LakeRunner

/// manifest.json's `macros`: the root project's and the package's macros with their SQL and the
/// properties a schema file's `macros:` gives them. Expected values: `dbt parse` (dbt-core
/// 1.10.23, dbt-duckdb 1.10.1) of the packaged fixture with the same macros.yml, 2026-12-03.
@Suite struct DbtManifestMacrosTests {
    @Test func macrosAreListedWithTheirSQLAndProperties() throws {
        let project = try FixtureProject("packaged")
        try project.write("macros/macros.yml", """
            version: 2
            macros:
              - name: column_list
                description: The columns of a relation, joined.
                arguments:
                  - name: relation
                    type: relation
                    description: Whose columns.
                meta: {owner: fleet}
                docs: {show: false}
            """)
        let (_, output) = try project.run { $0.select = ["orders"] }
        #expect(!output.contains("macros:"), "\(output)")
        let macros = try #require(try project.json("target/manifest.json")["macros"] as? [String: [String: Any]])
        let columnList = try #require(macros["macro.packaged.column_list"])
        #expect(columnList["path"] as? String == "macros/overrides.sql")
        #expect(columnList["macro_sql"] as? String == """
            {% macro column_list(relation) %}
              {%- set columns = adapter.get_columns_in_relation(relation) -%}
              {{ return(columns | map(attribute='name') | join(', ')) }}
            {% endmacro %}
            """)
        #expect(columnList["description"] as? String == "The columns of a relation, joined.")
        #expect(columnList["meta"] as? [String: String] == ["owner": "fleet"])
        #expect((columnList["docs"] as? [String: Any])?["show"] as? Bool == false)
        #expect(columnList["patch_path"] as? String == "packaged://macros/macros.yml")
        let arguments = try #require(columnList["arguments"] as? [[String: String]])
        #expect(arguments == [["name": "relation", "type": "relation", "description": "Whose columns."]])
        // A package's macro: its paths from the package's folder; a generic test is `test_<name>`.
        let cents = try #require(macros["macro.fleet_utils.cents"])
        #expect(cents["path"] as? String == "macros/money.sql")
        #expect(cents["macro_sql"] as? String == "{% macro cents(column) %}cast(round({{ column }} * 100) as bigint){% endmacro %}")
        #expect(cents["patch_path"] is NSNull)
        #expect(macros["macro.fleet_utils.test_at_most"]?["macro_sql"] as? String
                == "{% test at_most(model, column_name, value) %}\nselect * from {{ model }} where {{ column_name }} > {{ value }}\n{% endtest %}")
        #expect(Set(macros.keys.filter { $0.hasPrefix("macro.fleet_utils.") }) == [
            "macro.fleet_utils.days", "macro.fleet_utils.stamp", "macro.fleet_utils.test_at_most", "macro.fleet_utils.test_sum_at_most",
            "macro.fleet_utils.default__test_sum_at_most", "macro.fleet_utils.price_list", "macro.fleet_utils.whose", "macro.fleet_utils.cents",
            "macro.fleet_utils.label", "macro.fleet_utils.default__label", "macro.fleet_utils.duckdb__label", "macro.fleet_utils.shout",
            "macro.fleet_utils.default__shout", "macro.fleet_utils.test_in_schema",
        ])
    }
}
