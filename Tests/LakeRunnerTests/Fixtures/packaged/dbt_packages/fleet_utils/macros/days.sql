{% macro days() %}3{% endmacro %}

{# Called unqualified from a package model's post-hook. #}
{% macro stamp(relation) %}create or replace table {{ relation.schema }}.fleet_stamp as select '{{ relation.identifier }}' as stamped{% endmacro %}
