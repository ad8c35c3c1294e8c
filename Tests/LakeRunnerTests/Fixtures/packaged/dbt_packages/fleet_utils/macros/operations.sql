{# For `run-operation fleet_utils.price_list --args '{name: x, rows: 3}'`: writes a table, says so. #}
{% macro price_list(name, rows=2) %}
  {% do run_query("create or replace table " ~ name ~ " as select range as gpu, range * 1.5 as price from range(" ~ rows ~ ")") %}
  {% set counted = run_query("select count(*) from " ~ name) %}
  {{ log("price list " ~ name ~ ": " ~ counted.columns[0].values()[0] ~ " rows", info=True) }}
  {{ log("only in the log file") }}
  {% do return(counted) %}
{% endmacro %}

{% macro whose() %}{{ print("fleet_utils' whose") }}{% endmacro %}
