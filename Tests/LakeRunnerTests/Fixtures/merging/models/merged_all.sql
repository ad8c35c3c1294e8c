{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}
select id, v, w from {{ ref('changes') }}
