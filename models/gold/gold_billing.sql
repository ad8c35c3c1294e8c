-- What each job and each user owes, by day and by month: allocated GPU-hours at the GPU-hour rate,
-- memory above the included amount per GB-hour, and the cluster overhead on both; beside the cost,
-- the energy the GPUs drew (kWh, gold_job_usage).
-- Rates are vars in lake.yml. Incremental on a bill's grain, period and owner: a changed job (as it
-- was and as it is) touches its own two bills and its user's bills of that day and that month, and
-- a run recomputes those alone. A user's month is re-read whole to sum it, but only the touched
-- bills are written: an hourly run rewrites a few thousand of the table's 830,000 rows, not every
-- bill of every user with a new job.
{%- set touched = recompute_changed(['grain', 'period', 'period_start', 'user_id', 'job_id'], "
    with changed as (
        select job_id, user_id, start_ts::date as dt from {{ changes(ref('gold_job_usage')) }} where start_ts is not null
    )
    select 'job' as grain, 'day' as period, dt as period_start, user_id, job_id from changed
    union all select 'job', 'month', date_trunc('month', dt)::date, user_id, job_id from changed
    union all select 'user', 'day', dt, user_id, null::varchar from changed
    union all select 'user', 'month', date_trunc('month', dt)::date, user_id, null::varchar from changed") %}
{%- set rate = var('gpu_hour_rate') %}
{%- set memory_rate = var('memory_overage_rate') %}
{%- set overhead = var('cluster_overhead') %}
with job_costs as (
    select
        job_id, user_id, start_ts::date as dt,
        gpu_hours_allocated as gpu_hours,
        memory_gb_hours_over,
        energy_kwh,
        round(gpu_hours_allocated * {{ rate }}, 6) as gpu_cost,
        round(memory_gb_hours_over * {{ memory_rate }}, 6) as memory_cost
    from {{ ref('gold_job_usage') }} u
    {%- if is_incremental() %}
    semi join (select user_id, period_start from {{ touched }} where grain = 'user' and period = 'month') c
        on c.user_id is not distinct from u.user_id and c.period_start = date_trunc('month', u.start_ts::date)::date
    {%- endif %}
    where start_ts is not null
),
priced as (
    select *, round((gpu_cost + memory_cost) * {{ overhead }}, 6) as overhead_cost from job_costs
),
{%- set grains = [('job', 'day', "job_id", "dt"), ('job', 'month', "job_id", "date_trunc('month', dt)::date"),
                  ('user', 'day', "null::varchar", "dt"), ('user', 'month', "null::varchar", "date_trunc('month', dt)::date")] %}
bills as (
{%- for grain, period, job_column, period_start in grains %}
    select
        '{{ grain }}' as grain, '{{ period }}' as period, {{ period_start }} as period_start, user_id, {{ job_column }} as job_id,
        sum(gpu_hours) as gpu_hours, sum(memory_gb_hours_over) as memory_gb_hours_over, sum(energy_kwh) as energy_kwh,
        sum(gpu_cost) as gpu_cost, sum(memory_cost) as memory_cost, sum(overhead_cost) as overhead_cost
    from priced
    group by all
    {{ 'union all' if not loop.last }}
{%- endfor %}
)
select *, gpu_cost + memory_cost + overhead_cost as total_cost,
       grain || ':' || period || ':' || period_start || ':' || user_id || coalesce(':' || job_id, '') as bill_id
from bills b
{%- if is_incremental() %}
semi join {{ touched }} k on k.grain = b.grain and k.period = b.period and k.period_start = b.period_start
    and k.user_id is not distinct from b.user_id and k.job_id is not distinct from b.job_id
{%- endif %}
