{# The root project's whose: a bare `run-operation whose` finds this one before the package's. #}
{% macro whose() %}{{ print("packaged's whose, next to " ~ ref('orders')) }}{% endmacro %}

{# Fails after its first statement: the table it made stays, as in dbt-duckdb. #}
{% macro half_done() %}
  {% do run_query("create table half_done as select 1 as x") %}
  {% do exceptions.warn("about to fail") %}
  {{ exceptions.raise_compiler_error("stopped halfway") }}
{% endmacro %}

{# What a model refs, read from its raw code in `graph` with a verbose pattern (as codegen's import CTEs do). #}
{% macro refs_of(model_name) %}
  {%- set model = graph.nodes.values() | selectattr('name', 'equalto', model_name) | list | first -%}
  {%- set pattern -%}{% raw %}(?ix)
      (from|join)\s+         # from or join, then {{ ref( and a quote
      {{\s*ref\s*\(\s*['"]
      ([^)'"]+)              # the name: no quote or closing parenthesis [sic]
  {% endraw %}{%- endset -%}
  {%- for found in modules.re.findall(pattern, model.raw_code) -%}
    {{ print(found[0] | lower ~ ' ' ~ found[1]) }}
  {%- endfor -%}
{% endmacro %}

{# A schema's relation from api.Relation.create (no identifier), created, then a table in it (codegen's create_source_table does so). #}
{% macro schema_table() %}
  {% set target_schema = api.Relation.create(database=target.database, schema=target.schema ~ '__side') %}
  {% do adapter.create_schema(target_schema) %}
  {% do run_query('create or replace table ' ~ target_schema ~ '.side as select 1 as x') %}
  {% set table = api.Relation.create(database=target.database, schema=target.schema ~ '__side', identifier='side') %}
  {{ print(target_schema ~ ' ' ~ table ~ ' ' ~ (adapter.get_columns_in_relation(table) | map(attribute='name') | join(','))) }}
{% endmacro %}
