/// dbt's own macros, the package named `dbt` (dbt's "global project") as lake provides it: what
/// packages such as dbt_utils, dbt_expectations and dbt_date call — the cross-database macros
/// (`dbt.dateadd`, `dbt.type_string`, …), the naming macros a project may override
/// (`generate_schema_name`, `generate_alias_name`, `generate_database_name`) and a few helpers.
///
/// Written for lake from dbt's documented behaviour: each public macro dispatches (`adapter.dispatch(…,
/// 'dbt')`) so a project's own `duckdb__x` or `default__x` takes precedence, and each `default__`
/// renders the DuckDB SQL dbt-duckdb renders. Output whitespace is not dbt's; the SQL's meaning is.
enum DbtBuiltinMacros {
    static let package = "dbt"
    static let fileName = "<dbt built-in macros>"
    /// The dbt-core version whose behaviour lake follows: templates see it as `dbt_version`
    /// (elementary's on-run-start checks it).
    static let dbtVersion = "1.10.0"

    static let text = #"""
{#- Naming: dbt calls these for every model, seed and snapshot; a project overrides them by name. -#}
{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}
{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}{%- else -%}{{ target.schema }}{%- endif -%}
{%- endmacro %}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) }}
{%- endmacro %}
{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}
  {%- elif node.version -%}{{ return(node.name ~ "_v" ~ (node.version | string | replace(".", "_"))) }}
  {%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
  {%- if custom_database_name is none -%}{{ target.database }}{%- else -%}{{ custom_database_name }}{%- endif -%}
{%- endmacro %}

{#- Helpers packages call unqualified. -#}
{% macro should_store_failures() -%}
  {{ return(config.get('store_failures') or (config.get('store_failures') is none and flags.STORE_FAILURES)) }}
{%- endmacro %}
{% macro should_full_refresh() -%}
  {{ return(flags.FULL_REFRESH if config.get('full_refresh') is none else config.get('full_refresh')) }}
{%- endmacro %}
{% macro load_relation(relation) -%}
  {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}
{% macro load_cached_relation(relation) -%}
  {{ return(load_relation(relation)) }}
{%- endmacro %}

{#- Data types, as dbt-duckdb names them (api.Column.translate_type). -#}
{% macro type_string() %}{{ return(adapter.dispatch('type_string', 'dbt')()) }}{% endmacro %}
{% macro default__type_string() %}{{ return(api.Column.translate_type('string')) }}{% endmacro %}
{% macro type_timestamp() %}{{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}{% endmacro %}
{% macro default__type_timestamp() %}{{ return(api.Column.translate_type('timestamp')) }}{% endmacro %}
{% macro type_float() %}{{ return(adapter.dispatch('type_float', 'dbt')()) }}{% endmacro %}
{% macro default__type_float() %}{{ return(api.Column.translate_type('float')) }}{% endmacro %}
{% macro type_numeric() %}{{ return(adapter.dispatch('type_numeric', 'dbt')()) }}{% endmacro %}
{% macro default__type_numeric() %}{{ return(api.Column.numeric_type('numeric', 28, 6)) }}{% endmacro %}
{% macro type_bigint() %}{{ return(adapter.dispatch('type_bigint', 'dbt')()) }}{% endmacro %}
{% macro default__type_bigint() %}{{ return(api.Column.translate_type('bigint')) }}{% endmacro %}
{% macro type_int() %}{{ return(adapter.dispatch('type_int', 'dbt')()) }}{% endmacro %}
{% macro default__type_int() %}{{ return(api.Column.translate_type('integer')) }}{% endmacro %}
{% macro type_boolean() %}{{ return(adapter.dispatch('type_boolean', 'dbt')()) }}{% endmacro %}
{% macro default__type_boolean() %}{{ return(api.Column.translate_type('boolean')) }}{% endmacro %}

{#- Cross-database SQL. -#}
{% macro any_value(expression) %}{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}{% endmacro %}
{% macro default__any_value(expression) %}arbitrary({{ expression }}){% endmacro %}
{% macro bool_or(expression) %}{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}{% endmacro %}
{% macro default__bool_or(expression) %}bool_or({{ expression }}){% endmacro %}
{% macro cast(field, type) %}{{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}{% endmacro %}
{% macro default__cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro safe_cast(field, type) %}{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}{% endmacro %}
{% macro default__safe_cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro cast_bool_to_text(field) %}{{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}{% endmacro %}
{% macro default__cast_bool_to_text(field) %}cast({{ field }} as {{ api.Column.translate_type('string') }}){% endmacro %}
{% macro concat(fields) %}{{ return(adapter.dispatch('concat', 'dbt')(fields)) }}{% endmacro %}
{% macro default__concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro date(year, month, day) %}{{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}{% endmacro %}
{% macro default__date(year, month, day) %}make_date({{ year }}, {{ month }}, {{ day }}){% endmacro %}
{% macro date_trunc(datepart, date) %}{{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}{% endmacro %}
{% macro default__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}
{#- An interval times a number, so the amount may be an expression; DuckDB has no quarter interval. -#}
{% macro dateadd(datepart, interval, from_date_or_timestamp) %}{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}{% endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
  {%- set unit = datepart | lower -%}
  {%- if unit == 'quarter' -%}({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
  {%- elif unit == 'week' -%}({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
  {%- else -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }}){%- endif -%}
{%- endmacro %}
{#- Boundaries crossed, as dbt counts them; weeks start on Sunday. -#}
{% macro datediff(first_date, second_date, datepart) %}{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}{% endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}
  {%- if datepart | lower == 'week' -%}
    (date_diff('day', ({{ first_date }})::timestamp, ({{ second_date }})::timestamp) // 7 + case
      when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp)
        then case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
      else case when {{ first_date }} <= {{ second_date }} then 1 else 0 end end)
  {%- else -%}(date_diff('{{ datepart }}', ({{ first_date }})::timestamp, ({{ second_date }})::timestamp)){%- endif -%}
{%- endmacro %}
{% macro last_day(date, datepart) %}{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}{% endmacro %}
{% macro default_last_day(date, datepart) -%}
  cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro %}
{% macro default__last_day(date, datepart) %}{{ dbt.default_last_day(date, datepart) }}{% endmacro %}
{% macro equals(expr1, expr2) %}{{ return(adapter.dispatch('equals', 'dbt')(expr1, expr2)) }}{% endmacro %}
{% macro default__equals(expr1, expr2) %}({{ expr1 }} = {{ expr2 }}){% endmacro %}
{% macro escape_single_quotes(expression) %}{{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}{% endmacro %}
{% macro default__escape_single_quotes(expression) %}{{ expression | replace("'", "''") }}{% endmacro %}
{% macro except() %}{{ return(adapter.dispatch('except', 'dbt')()) }}{% endmacro %}
{% macro default__except() %}except{% endmacro %}
{% macro intersect() %}{{ return(adapter.dispatch('intersect', 'dbt')()) }}{% endmacro %}
{% macro default__intersect() %}intersect{% endmacro %}
{% macro hash(field) %}{{ return(adapter.dispatch('hash', 'dbt')(field)) }}{% endmacro %}
{% macro default__hash(field) %}md5(cast({{ field }} as {{ api.Column.translate_type('string') }})){% endmacro %}
{% macro length(expression) %}{{ return(adapter.dispatch('length', 'dbt')(expression)) }}{% endmacro %}
{% macro default__length(expression) %}length({{ expression }}){% endmacro %}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) %}{{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}{% endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}list_aggr((array_agg({{ measure }} {{ order_by_clause or '' }}))[1:{{ limit_num }}], 'string_agg', {{ delimiter_text }})
  {%- else -%}string_agg({{ measure }}, {{ delimiter_text }} {{ order_by_clause or '' }}){%- endif -%}
{%- endmacro %}
{% macro position(substring_text, string_text) %}{{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}{% endmacro %}
{% macro default__position(substring_text, string_text) %}position({{ substring_text }} in {{ string_text }}){% endmacro %}
{% macro replace(field, old_chars, new_chars) %}{{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}{% endmacro %}
{% macro default__replace(field, old_chars, new_chars) %}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){% endmacro %}
{% macro right(string_text, length_expression) %}{{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}{% endmacro %}
{% macro default__right(string_text, length_expression) %}right({{ string_text }}, {{ length_expression }}){% endmacro %}
{% macro split_part(string_text, delimiter_text, part_number) %}{{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}{% endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) %}string_split({{ string_text }}, {{ delimiter_text }})[{{ part_number }}]{% endmacro %}
{% macro string_literal(value) %}{{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}{% endmacro %}
{% macro default__string_literal(value) %}'{{ value }}'{% endmacro %}
{% macro current_timestamp() %}{{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}{% endmacro %}
{% macro default__current_timestamp() %}now(){% endmacro %}
{#- dbt's run_query is a macro of its own package (`dbt.run_query(sql)`); lake's is a function of
    every render, which the name inside finds first. -#}
{% macro run_query(sql) %}{{ return(run_query(sql)) }}{% endmacro %}
{% macro create_table_as(temporary, relation, compiled_code, language='sql') %}{{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) }}{% endmacro %}
{% macro default__create_table_as(temporary, relation, compiled_code) %}create {% if temporary %}temporary {% endif %}table {{ relation }} as (
{{ compiled_code }}
);{% endmacro %}
{% macro create_view_as(relation, sql) %}{{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}{% endmacro %}
{% macro default__create_view_as(relation, sql) %}create view {{ relation }} as (
{{ sql }}
);{% endmacro %}
{% macro truncate_relation(relation) %}{{ return(adapter.dispatch('truncate_relation', 'dbt')(relation)) }}{% endmacro %}
{% macro default__truncate_relation(relation) %}{% do run_query('truncate table ' ~ relation) %}{% endmacro %}
{% macro drop_relation(relation) %}{{ return(adapter.dispatch('drop_relation', 'dbt')(relation)) }}{% endmacro %}
{% macro default__drop_relation(relation) %}{% do adapter.drop_relation(relation) %}{% endmacro %}
{% macro current_timestamp_backcompat() %}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{% endmacro %}
{% macro default__current_timestamp_backcompat() %}current_timestamp::timestamp{% endmacro %}
{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') %}{{ return(adapter.dispatch('make_temp_relation', 'dbt')(base_relation, suffix)) }}{% endmacro %}
{% macro default__make_temp_relation(base_relation, suffix) %}{{ return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix ~ py_current_timestring(), "schema": none, "database": none})) }}{% endmacro %}
{% macro current_timestamp_in_utc_backcompat() %}{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}{% endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() %}cast(now() at time zone 'UTC' as timestamp){% endmacro %}
{% macro array_append(array, new_element) %}{{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}{% endmacro %}
{% macro default__array_append(array, new_element) %}array_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro array_concat(array_1, array_2) %}{{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}{% endmacro %}
{% macro default__array_concat(array_1, array_2) %}array_cat({{ array_1 }}, {{ array_2 }}){% endmacro %}
{% macro array_construct(inputs=[], data_type=api.Column.translate_type('integer')) %}{{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}{% endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
  {%- if inputs | length > 0 -%}array[{{ inputs | join(', ') }}]{%- else -%}array[]::{{ data_type }}[]{%- endif -%}
{%- endmacro %}

{#- Series of numbers and dates. -#}
{% macro get_powers_of_two(upper_bound) %}{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}{% endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
  {%- if upper_bound <= 0 -%}{{ exceptions.raise_compiler_error("upper bound must be positive") }}{%- endif -%}
  {%- for n in range(1, 100) -%}{%- if 2 ** n >= upper_bound -%}{{ return(n) }}{%- endif -%}{%- endfor -%}
{%- endmacro %}
{% macro generate_series(upper_bound) %}{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}{% endmacro %}
{% macro default__generate_series(upper_bound) %}select generate_series as generated_number from generate_series(1, {{ upper_bound }}){% endmacro %}
{% macro date_spine(datepart, start_date, end_date) %}{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}{% endmacro %}
{% macro default__date_spine(datepart, start_date, end_date) -%}
  select * from (
    select {{ dbt.dateadd(datepart, 'generated_number - 1', start_date) }} as date_{{ datepart }}
    from ({{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}) as series
  ) as all_periods
  where date_{{ datepart }} <= {{ end_date }}
{%- endmacro %}
{#- Runs a query at render time, as dbt does: while parsing it answers nothing. -#}
{% macro get_intervals_between(start_date, end_date, datepart) %}{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}{% endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
  {%- if execute -%}
    {%- set result = run_query("select " ~ dbt.datediff(start_date, end_date, datepart) ~ " as days_difference") -%}
    {{ return(result.columns[0].values()[0] | int if result.rows | length > 0 else 1) }}
  {%- else -%}{{ return(1) }}{%- endif -%}
{%- endmacro %}
"""#
}
