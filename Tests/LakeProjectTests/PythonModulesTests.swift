import Foundation
import Testing
import LakeTemplates
@testable import LakeProject

/// dbt's `modules` (datetime, pytz, re, itertools) as packages use them. Every expected text is
/// what Jinja2 3.1 rendered for the same template with Python 3.11's modules and pytz, on
/// 2026-12-02 (the templates avoid the clock).
@Suite struct PythonModulesTests {
    static let cases: [(template: String, expected: String)] = [
        (#"{{ modules.datetime.date(2024, 1, 2) }}"#, #"2024-01-02"#),
        (#"{{ modules.datetime.date(2024, 1, 2).isoformat() }}"#, #"2024-01-02"#),
        (#"{{ modules.datetime.datetime(2024, 1, 2, 3, 4, 5) }}"#, #"2024-01-02 03:04:05"#),
        (#"{{ modules.datetime.datetime(2024, 1, 2, 3, 4, 5, 600).isoformat() }}"#, #"2024-01-02T03:04:05.000600"#),
        (#"{{ modules.datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=modules.pytz.utc) }}"#, #"2024-01-02 03:04:05+00:00"#),
        // A naive datetime's tzinfo is None (it was a missing attribute); an aware one's is its zone.
        (#"{{ modules.datetime.datetime(2024, 1, 2).tzinfo is none }}"#, #"True"#),
        (#"{{ modules.datetime.datetime(2024, 1, 2).tzinfo }}"#, #"None"#),
        (#"{{ modules.datetime.datetime.strptime('2024-03-09 17:05', '%Y-%m-%d %H:%M') }}"#, #"2024-03-09 17:05:00"#),
        (#"{{ modules.datetime.datetime.strptime('09/Mar/24 5PM', '%d/%b/%y %I%p').hour }}"#, #"17"#),
        (#"{{ modules.datetime.datetime.strptime('2024-060', '%Y-%j').date() }}"#, #"2024-02-29"#),
        (#"{{ modules.datetime.datetime.fromisoformat('2024-01-02T03:04:05') }}"#, #"2024-01-02 03:04:05"#),
        (#"{{ modules.datetime.date.fromisoformat('2024-02-29') }}"#, #"2024-02-29"#),
        (#"{{ (modules.datetime.date(2024, 2, 28) + modules.datetime.timedelta(days=2)) }}"#, #"2024-03-01"#),
        (#"{{ modules.datetime.datetime(2024, 1, 1) - modules.datetime.timedelta(hours=1, minutes=30) }}"#, #"2023-12-31 22:30:00"#),
        (#"{{ modules.datetime.datetime(2024, 1, 3) - modules.datetime.datetime(2024, 1, 1, 12) }}"#, #"1 day, 12:00:00"#),
        (#"{{ (modules.datetime.date(2024, 3, 1) - modules.datetime.date(2024, 2, 1)).days }}"#, #"29"#),
        (#"{{ modules.datetime.timedelta(seconds=-1) }}"#, #"-1 day, 23:59:59"#),
        (#"{{ modules.datetime.timedelta(weeks=1, milliseconds=5).total_seconds() }}"#, #"604800.005"#),
        (#"{{ modules.datetime.date(2024, 1, 2) < modules.datetime.date(2024, 1, 3) }}"#, #"True"#),
        (#"{{ modules.datetime.date(2024, 1, 7).weekday() }} {{ modules.datetime.date(2024, 1, 7).isoweekday() }}"#, #"6 7"#),
        (#"{{ modules.datetime.datetime(2024, 7, 4, 15, 6, 7).strftime('%a %A %b %B %y %I %p %j %w %u %H:%M:%S %%') }}"#, #"Thu Thursday Jul July 24 03 PM 186 4 4 15:06:07 %"#),
        (#"{{ modules.datetime.datetime(2024, 1, 31).replace(month=2, day=29) }}"#, #"2024-02-29 00:00:00"#),
        (#"{{ modules.datetime.datetime(2024, 6, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('Asia/Tokyo')) }}"#, #"2024-06-01 21:00:00+09:00"#),
        (#"{{ modules.pytz.timezone('America/New_York').localize(modules.datetime.datetime(2024, 7, 1, 9)).isoformat() }}"#, #"2024-07-01T09:00:00-04:00"#),
        (#"{{ modules.pytz.timezone('Europe/Amsterdam').zone }}"#, #"Europe/Amsterdam"#),
        (#"{{ modules.re.sub('[ -]+', '_', 'a b-c  d') }}"#, #"a_b_c_d"#),
        (#"{{ modules.re.sub('(\w+)@(\w+)', '\\2 at \\g<1>', 'me@home you@work') }}"#, #"home at me work at you"#),
        (#"{{ modules.re.sub('(?P<word>[a-z]+)', '<\\g<word>>', 'ab 12 cd', count=1) }}"#, #"<ab> 12 cd"#),
        (#"{{ modules.re.subn('a', 'b', 'aaa') }}"#, #"('bbb', 3)"#),
        (#"{{ modules.re.match('[0-9]', 'a1') is none }} {{ modules.re.search('[0-9]+', 'a12b').group() }}"#, #"True 12"#),
        (#"{{ modules.re.match('(\d+)-(\d+)', '12-34x').groups() }}"#, #"('12', '34')"#),
        (#"{{ modules.re.fullmatch('\d+', '123x') is none }} {{ modules.re.fullmatch('\d+', '123').span() }}"#, #"True (0, 3)"#),
        (#"{{ modules.re.findall('\d+', 'a1b22c333') }} {{ modules.re.findall('(\w)=(\d)', 'a=1 b=2') }}"#, #"['1', '22', '333'] [('a', '1'), ('b', '2')]"#),
        (#"{{ modules.re.split('[,;]\s*', 'a, b;c') }} {{ modules.re.split('(,)', 'a,b', maxsplit=1) }}"#, #"['a', 'b', 'c'] ['a', ',', 'b']"#),
        (#"{{ modules.re.compile('HELLO', modules.re.IGNORECASE).match('hello world').group(0) }}"#, #"hello"#),
        (#"{{ modules.re.escape('a.b*c') }}"#, #"a\.b\*c"#),
        // Braces that make no repetition are literal in Python (ICU needs them escaped), {,m} is {0,m}.
        (#"{{ modules.re.findall('a{{b}}', 'xa{{b}}y a{b}') }} {{ modules.re.sub('[}{]', '.', 'a{b}c') }} {{ modules.re.findall('x{,2}y', 'xxy xxxy') }}"#,
         #"['a{{b}}'] a.b.c ['xxy', 'xxy']"#),
        // Verbose mode, inline or by flag: a comment may hold anything (codegen's import-CTE pattern).
        (#"{{ modules.re.findall('(?x) (\d+) # a number, then {{ ( [ \n  [a-z]?', 'a 12b 3') }} {{ modules.re.findall(' \d + ', 'a 12', modules.re.X) }}"#,
         #"['12', '3'] ['12']"#),
        (#"{{ modules.re.findall('(?ix) (from|join)\s+ ({{\s*ref\s*\(\s*[\'\"]?) ([^)\'\"]+)', "FROM {{ ref('a') }} join {{ref(\"b\")}}") }}"#,
         #"[('FROM', "{{ ref('", 'a'), ('join', '{{ref("', 'b')]"#),
        (#"{{ modules.itertools.chain([1, 2], [3]) | list }}"#, #"[1, 2, 3]"#),
        (#"{{ modules.itertools.product('ab', [1, 2]) | list }}"#, #"[('a', 1), ('a', 2), ('b', 1), ('b', 2)]"#),
        (#"{{ modules.itertools.combinations([1, 2, 3], 2) | list }} {{ modules.itertools.permutations([1, 2, 3], 2) | list | length }}"#, #"[(1, 2), (1, 3), (2, 3)] 6"#),
        (#"{{ modules.itertools.islice([1, 2, 3, 4, 5], 1, 4) | list }} {{ modules.itertools.zip_longest([1, 2], ['a'], fillvalue='-') | list }}"#, #"[2, 3, 4] [(1, 'a'), (2, '-')]"#),
        (#"{{ modules.itertools.accumulate([1, 2, 3]) | list }}"#, #"[1, 3, 6]"#),
    ]

    @Test(arguments: cases.indices) func rendersAsPythonDoes(_ index: Int) throws {
        let (template, expected) = Self.cases[index]
        let compiled = try NodeCompiler(environment: TemplateEnvironment())
            .compile(try Template(name: "models/m.sql", text: template), context: CompileContext(nodeName: "m"))
        #expect(compiled.sqlTemplate == expected, "\(template)")
    }
}
