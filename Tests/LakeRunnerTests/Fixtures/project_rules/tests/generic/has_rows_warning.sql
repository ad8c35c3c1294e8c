{% test has_rows_warning(model) %}
    {{ config(severity = 'warn') }}
    select * from {{ model }}
{% endtest %}
