{{ config(materialized='external', format='parquet') }}
select user_id, sum(gpu_hours) as gpu_hours, sum(cost_cents) as cost_cents
from {{ ref('stg_jobs') }}
group by user_id
