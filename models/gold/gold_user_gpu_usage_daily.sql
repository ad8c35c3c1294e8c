-- Per user and day (of job start): GPU-hours, energy (kWh), jobs, and the share that failed. Incremental: a run
-- recomputes the users' days whose jobs changed.
{%- set touched = recompute_changed(['user_id', 'dt'], "select user_id, start_ts::date as dt from {{ changes(ref('gold_job_usage')) }}") %}
select
    user_id,
    start_ts::date as dt,
    sum(gpu_hours_allocated) as gpu_hours_allocated,
    sum(gpu_hours_used) as gpu_hours_used,
    sum(energy_kwh) as energy_kwh,
    count(*) as jobs,
    count(*) filter (where job_status = 'Failed') as failed_jobs,
    count(*) filter (where job_status = 'Failed') / count(*) as failure_rate
from {{ ref('gold_job_usage') }} u
{%- if is_incremental() %}
semi join {{ touched }} c on c.user_id is not distinct from u.user_id and c.dt = u.start_ts::date
{%- endif %}
where start_ts is not null
group by all
