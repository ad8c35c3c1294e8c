-- Per user and day (of job start): GPU-hours, jobs, and the share that failed.
select
    user_id,
    start_ts::date as dt,
    sum(gpu_hours_allocated) as gpu_hours_allocated,
    sum(gpu_hours_used) as gpu_hours_used,
    count(*) as jobs,
    count(*) filter (where job_status = 'Failed') as failed_jobs,
    count(*) filter (where job_status = 'Failed') / count(*) as failure_rate
from {{ ref('gold_job_usage') }}
where start_ts is not null
group by all
