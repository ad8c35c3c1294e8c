import Testing
import LakeTemplates

@Suite struct MacroTests {
    @Test func macrosFromMacroFilesAreCallableFromAnyTemplateAndEachOther() throws {
        let environment = TemplateEnvironment()
        environment.register(macrosOf: try Template(name: "sql/macros/a.sql", text: """
            {% macro quoted(name) %}"{{ name }}"{% endmacro %}
            {% macro column_list(names) %}{% for n in names %}{{ quoted(n) }}{{ ", " if not loop.last }}{% endfor %}{% endmacro %}
            """))
        environment.register(macrosOf: try Template(name: "sql/macros/b.sql", text: """
            {% macro select_all(names, table) -%}
            select {{ column_list(names) }} from {{ table }}
            {%- endmacro %}
            """))
        let sql = try render("{{ select_all(['a', 'b'], 't') }}", environment: environment)
        #expect(sql == "select \"a\", \"b\" from t")
    }

    @Test func returnGivesAMacroAValue() throws {
        let template = """
            {% macro pick(items) %}{% for i in items %}{% if i > 1 %}{{ return(i * 10) }}{% endif %}{% endfor %}{{ return(none) }}{% endmacro %}
            {%- set found = pick([1, 2, 3]) -%}
            {{ found + 1 }} {{ pick([]) is none }}
            """
        #expect(try render(template) == "21 True")
        #expect(try render("{% macro m() %}{% do return({'k': [1]}) %}{% endmacro %}{{ m().k[0] }}") == "1")
    }

    @Test func macrosSeeTheCallersTemplateVariablesButNotItsLoops() throws {
        let template = "{% set prefix = 'p_' %}{% macro name(x) %}{{ prefix }}{{ x }}{% endmacro %}{% for i in [1] %}{{ name(i) }}{% endfor %}"
        #expect(try render(template) == "p_1")
    }

    @Test func macrosCanRecurseButNotForever() throws {
        #expect(try render("{% macro fact(n) %}{{ 1 if n <= 1 else n * fact(n - 1) | int }}{% endmacro %}{{ fact(5) }}") == "120")
        #expect(throws: TemplateError.self) { try render("{% macro loop(n) %}{{ loop(n) }}{% endmacro %}{{ loop(1) }}") }
    }

    @Test func docsAndTestBlocksAreCollectedNotRendered() throws {
        let template = try Template(name: "models/schema.sql", text: """
            {% docs gpu_util %}
            Mean **GPU** utilisation, in percent.
            {% enddocs %}
            {% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}
            select 1
            """)
        #expect(template.docs == ["gpu_util": "Mean **GPU** utilisation, in percent."])
        #expect(template.tests.map(\.name) == ["positive"])
        #expect(try TemplateEnvironment().render(template) == "\n\nselect 1")
        let environment = TemplateEnvironment()
        let sql = try environment.call(template.tests[0], arguments: CallArguments(callee: "positive", keyword: [
            ("model", .string("\"main\".\"jobs\"")), ("column_name", .string("gpu_hours")),
        ]))
        #expect(try sql.rendered() == "select * from \"main\".\"jobs\" where gpu_hours <= 0")
    }

    /// A render hears of the calls its template makes itself, not those made inside a macro (dbt's
    /// `depends_on.macros`), each macro with the package and name it was registered under.
    @Test func aRenderHearsOfItsOwnCallsOnly() throws {
        let environment = TemplateEnvironment()
        environment.register(macrosOf: try Template(name: "pkg/m.sql", text: """
            {% macro outer() %}{{ inner() }}{% endmacro %}
            {% macro inner() %}1{% endmacro %}
            """), package: "pkg")
        environment.defaultSearchOrder = ["pkg"]
        var heard: [String] = []
        let text = try environment.render(try Template(name: "model.sql", text: """
            {% macro local() %}{{ outer() }}{% endmacro %}{{ outer() }} {{ pkg.inner() }} {{ local() }} {{ range(2) | list | length }}
            """)) { call in
            switch call {
            case .macro(let macro): heard.append(environment.registeredName(of: macro).map { "\($0.package).\($0.name)" } ?? "own \(macro.name)")
            case .function(let name): heard.append("function \(name)")
            }
        }
        #expect(text == "1 1 1 2")
        #expect(heard == ["pkg.outer", "pkg.inner", "own local", "function range"])
    }
}
