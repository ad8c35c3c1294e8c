{{ config(materialized='incremental', unique_key='job_id', incremental_strategy='delete+insert', on_schema_change='fail') }}
select job_id, status, gpu_hours
from {{ ref('stg_jobs') }}
{% if is_incremental() %}
where job_id >= (select max(job_id) from {{ this }})
{% endif %}
