{# The root project's whose: a bare `run-operation whose` finds this one before the package's. #}
{% macro whose() %}{{ print("packaged's whose, next to " ~ ref('orders')) }}{% endmacro %}

{# Fails after its first statement: the table it made stays, as in dbt-duckdb. #}
{% macro half_done() %}
  {% do run_query("create table half_done as select 1 as x") %}
  {% do exceptions.warn("about to fail") %}
  {{ exceptions.raise_compiler_error("stopped halfway") }}
{% endmacro %}
