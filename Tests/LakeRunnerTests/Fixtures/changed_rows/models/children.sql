-- Append-only: the lines after the last seq loaded.
{{ config(materialized='incremental', incremental_strategy='append') }}
select seq, id, kind, parent_id from read_csv('data/children.csv', types = {'id': 'INTEGER'})
{% if is_incremental() %}where seq > (select max(seq) from {{ this }}){% endif %}
