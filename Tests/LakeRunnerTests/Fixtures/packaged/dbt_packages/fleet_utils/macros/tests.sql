{# Rows whose value is over the limit. #}
{% test at_most(model, column_name, value) %}
select * from {{ model }} where {{ column_name }} > {{ value }}
{% endtest %}

{# The total excess over the limit is the failure count (dbt's fail_calc), through dispatch. #}
{% test sum_at_most(model, column_name, value) %}
  {{ return(adapter.dispatch('test_sum_at_most', 'fleet_utils')(model, column_name, value)) }}
{% endtest %}
{% macro default__test_sum_at_most(model, column_name, value) %}
{{ config(fail_calc = 'coalesce(sum(excess), 0)') }}
select {{ column_name }} - {{ value }} as excess from {{ model }} where {{ column_name }} > {{ value }}
{% endmacro %}
