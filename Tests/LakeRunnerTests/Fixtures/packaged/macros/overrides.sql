{# Overrides dbt's own default__any_value: adapter.dispatch('any_value', 'dbt') searches this project first. #}
{% macro default__any_value(expression) %}min({{ expression }}){% endmacro %}

{# The columns of a relation, from the warehouse: rendered when the model runs, after its parents. #}
{% macro column_list(relation) %}
  {%- set columns = adapter.get_columns_in_relation(relation) -%}
  {{ return(columns | map(attribute='name') | join(', ')) }}
{% endmacro %}

{# run_query's older form: a statement block and load_result. #}
{% macro order_count() %}
  {%- call statement('orders', fetch_result=True) -%}
    select count(*) from {{ ref('orders') }}
  {%- endcall -%}
  {%- if execute -%}{{ return(load_result('orders')['data'][0][0]) }}{%- else -%}{{ return(0) }}{%- endif -%}
{% endmacro %}
