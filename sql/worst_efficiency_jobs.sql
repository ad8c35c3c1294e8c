-- Jobs that held the most GPU-hours while using few of them.
-- lake sql < sql/worst_efficiency_jobs.sql
select
    job_id,
    user_id,
    job_status,
    round(gpu_hours_allocated, 2) as gpu_hours_allocated,
    round(gpu_hours_used, 2) as gpu_hours_used,
    round(efficiency, 3) as efficiency,
    round(gpu_hours_allocated - gpu_hours_used, 2) as gpu_hours_wasted
from gold_job_usage
where gpu_hours_allocated > 1
order by gpu_hours_wasted desc
limit 20;
