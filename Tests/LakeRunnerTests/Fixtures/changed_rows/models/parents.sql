-- Keyed by id: changed rows replaced, and ids gone from the file deleted.
{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete+insert',
          pre_hook="{% if is_incremental() %}delete from {{ this }} where id not in (select id from read_csv('data/parents.csv')){% endif %}") }}
select id, name from read_csv('data/parents.csv')
