{# Custom schemas as named, without the target schema in front (a common override). #}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

{# Staging models lose their stg_ prefix; every other name is dbt's. #}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name is none and node.name.startswith('stg_') -%}{{ node.name[4:] }}
  {%- else -%}{{ dbt.generate_alias_name(custom_alias_name, node) }}{%- endif -%}
{%- endmacro %}
