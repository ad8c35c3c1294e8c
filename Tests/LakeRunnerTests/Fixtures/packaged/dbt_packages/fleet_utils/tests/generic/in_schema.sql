{# A generic test under the package's tests/generic/: its `model` is a relation, whose parts it reads. #}
{% test in_schema(model, expected) %}
select '{{ model.schema }}.{{ model.identifier }}' as found where '{{ model.schema }}' != '{{ expected }}'
{% endtest %}
