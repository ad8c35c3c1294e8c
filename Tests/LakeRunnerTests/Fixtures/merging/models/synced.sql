{{ config(materialized='incremental', unique_key='id', on_schema_change='sync_all_columns') }}
{% if var('second', false) %}
select id, cast(id * 10 as integer) as v, 'new' as added from {{ ref('changes') }}
{% else %}
select id, cast(id * 10 as integer) as v, w as dropped from {{ ref('changes') }}
{% endif %}
