{% macro cents(expression) -%}
    round(({{ expression }}) * 100)::bigint
{%- endmacro %}
