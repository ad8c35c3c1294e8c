{% macro days() %}3{% endmacro %}
