-- GPU-hours are never negative, wherever they are counted.
select 'gold_job_usage' as model, job_id as id from {{ ref('gold_job_usage') }} where gpu_hours_allocated < 0 or gpu_hours_used < 0
union all
select 'gold_node_usage', machine_id from {{ ref('gold_node_usage') }} where gpu_hours_used < 0 or gpu_hours_capacity < 0
union all
select 'gold_billing', bill_id from {{ ref('gold_billing') }} where gpu_hours < 0
