{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', merge_update_columns=['v']) }}
select id, v, w from {{ ref('changes') }}
