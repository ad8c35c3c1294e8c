{# A namespaced macro: fleet_utils.cents(column). #}
{% macro cents(column) %}cast(round({{ column }} * 100) as bigint){% endmacro %}

{# Dispatched: DuckDB gets duckdb__label, another adapter default__label. #}
{% macro label(text) %}{{ return(adapter.dispatch('label', 'fleet_utils')(text)) }}{% endmacro %}
{% macro default__label(text) %}upper({{ text }}){% endmacro %}
{% macro duckdb__label(text) %}lower({{ text }}){% endmacro %}

{% macro shout(text) %}{{ return(adapter.dispatch('shout', 'fleet_utils')(text)) }}{% endmacro %}
{% macro default__shout(text) %}upper({{ text }}) || '!'{% endmacro %}
