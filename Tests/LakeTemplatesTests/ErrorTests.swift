import Testing
import LakeTemplates

/// Every kind of template error names the file, line and column, shows the line with a caret, and
/// says what was expected.
@Suite struct ErrorTests {
    func failure(_ template: String, _ context: [String: Value] = [:], file: String = "models/gold/x.sql",
                 environment: TemplateEnvironment = TemplateEnvironment()) -> TemplateError? {
        do {
            _ = try environment.render(try Template(name: file, text: template), context: context)
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            Issue.record("not a TemplateError: \(error)")
            return nil
        }
    }

    @Test func anUndefinedNameIsAnErrorAtItsPositionWithAHint() throws {
        let error = try #require(failure("select\n  {{ colum }} from t", ["column": .string("id")]))
        #expect(error.file == "models/gold/x.sql")
        #expect(error.location == SourceLocation(line: 2, column: 6))
        #expect(error.message == "'colum' is undefined (did you mean 'column'?)")
        #expect(error.description == """
            models/gold/x.sql:2:6: error: 'colum' is undefined (did you mean 'column'?)
             2 |   {{ colum }} from t
               |      ^
            """)
    }

    @Test func anUndefinedAttributeIsAnError() throws {
        let error = try #require(failure("{{ cfg.materialised }}", ["cfg": .dict([("materialized", .string("table"))])]))
        #expect(error.location == SourceLocation(line: 1, column: 8))
        #expect(error.message == "'dict object' has no attribute 'materialised'")
        // Asking about it is fine.
        #expect(try render("{{ cfg.x is defined }} {{ cfg.x | default('v') }} {{ nope is defined }}", ["cfg": .dict([])]) == "False v False")
    }

    @Test func usingAnUndefinedValueInAnOperationFails() throws {
        let error = try #require(failure("{% if true %}\n{{ 1 + missing }}{% endif %}"))
        #expect(error.location == SourceLocation(line: 2, column: 8))
        #expect(error.message.hasPrefix("'missing' is undefined"))
        #expect(failure("{% for x in nothing %}{% endfor %}")?.location == SourceLocation(line: 1, column: 13))
        #expect(failure("{% if nothing %}{% endif %}")?.location == SourceLocation(line: 1, column: 7))
    }

    @Test func anUnclosedBlockNamesWhereItOpened() throws {
        let error = try #require(failure("select 1\n{% if a %}\n  {% for x in y %}\n    {{ x }}\n{% endif %}"))
        #expect(error.message == "unexpected `{% endif %}`: `{% for %}` opened at models/gold/x.sql:3:3 is still open (expected `{% else %}` or `{% endfor %}`)")
        #expect(error.location == SourceLocation(line: 5, column: 4))

        let eof = try #require(failure("a\n  {% for x in y %}{{ x }}"))
        #expect(eof.message == "unclosed `{% for %}` opened at models/gold/x.sql:2:3 (expected `{% else %}` or `{% endfor %}`)")
        #expect(eof.location == SourceLocation(line: 2, column: 3))

        let macro = try #require(failure("{% macro m() %}body"))
        #expect(macro.message.hasPrefix("unclosed `{% macro m %}` opened at models/gold/x.sql:1:1"))
    }

    @Test func syntaxErrorsSayWhatWasExpected() throws {
        let stray = try #require(failure("{% endfor %}"))
        #expect(stray.message == "unexpected `{% endfor %}` with no open block")
        let unknown = try #require(failure("\n\n  {% fro x in y %}"))
        #expect(unknown.message == "unknown tag `fro` (did you mean `for`?)")
        #expect(unknown.location == SourceLocation(line: 3, column: 6))
        let expression = try #require(failure("{{ 1 + }}"))
        #expect(expression.message == "expected an expression, found '}}'")
        #expect(expression.location == SourceLocation(line: 1, column: 8))
        let unclosedTag = try #require(failure("select {{ x "))
        #expect(unclosedTag.message == "unclosed expression: expected '}}'")
        #expect(unclosedTag.location == SourceLocation(line: 1, column: 8))
        let string = try #require(failure("{{ 'abc }}"))
        #expect(string.message == "unterminated string")
        #expect(string.location == SourceLocation(line: 1, column: 4))
        let comment = try #require(failure("a {# never closed"))
        #expect(comment.message == "unclosed comment: expected '#}'")
        #expect(try #require(failure("{% for x in y %}{% endfor %}{% break %}")).message == "`{% break %}` outside a `{% for %}` loop")
        #expect(try #require(failure("{% set %}")).message == "expected a variable name, found '%}'")
        #expect(try #require(failure("{% raw %}never ended")).message == "unclosed `{% raw %}`: expected `{% endraw %}`")
    }

    @Test func unknownFiltersAndTestsAreNamed() throws {
        let filter = try #require(failure("{{ 'a' | uper }}"))
        #expect(filter.message == "no filter named 'uper' (did you mean 'upper'?)")
        #expect(filter.location == SourceLocation(line: 1, column: 10))
        let test = try #require(failure("{{ 1 is numbr }}"))
        #expect(test.message == "no test named 'numbr' (did you mean 'number'?)")
    }

    @Test func runtimeErrorsPointAtTheExpression() throws {
        let division = try #require(failure("{{ 1 }}\n{{ 10 // 0 }}"))
        #expect(division.message == "integer division or modulo by zero")
        #expect(division.location == SourceLocation(line: 2, column: 4))
        let call = try #require(failure("{{ 5() }}"))
        #expect(call.message == "'int' object is not callable")
        let types = try #require(failure("{{ 'a' < 1 }}"))
        #expect(types.message == "'<' not supported between string and int")
        let unpack = try #require(failure("{% set a, b = [1, 2, 3] %}"))
        #expect(unpack.message == "cannot unpack 3 values into 2 names")
    }

    @Test func errorsInsideAMacroFromAnotherFileNameThatFile() throws {
        let environment = TemplateEnvironment()
        environment.register(macrosOf: try Template(name: "sql/macros/cents.sql",
                                                    text: "{% macro cents(column) %}\n  ({{ column }} * {{ scale }})::bigint\n{% endmacro %}"))
        let error = try #require(failure("select {{ cents('amount') }}", environment: environment))
        #expect(error.file == "sql/macros/cents.sql")
        #expect(error.location == SourceLocation(line: 2, column: 22))
        #expect(error.message.hasPrefix("'scale' is undefined"))
    }

    @Test func aMissingMacroArgumentFailsOnlyWhenUsed() throws {
        #expect(try render("{% macro m(a, b) %}{{ a }}{% endmacro %}{{ m(1) }}") == "1")
        let error = try #require(failure("{% macro m(a, b) %}{{ b }}{% endmacro %}{{ m(1) }}"))
        #expect(error.message == "macro 'm' was called without its argument 'b'")
        #expect(error.location == SourceLocation(line: 1, column: 23))
    }
}
