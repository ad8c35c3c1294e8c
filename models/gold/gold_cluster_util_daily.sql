-- The reference pipeline's daily cluster utilisation (the anomaly detector's input): the mean and
-- 95th percentile of gpu_util_pct and the mean cpu_util_pct over every sample of the day, plus how
-- many machines reported and how many jobs started. Incremental: a run recomputes the days whose
-- samples or job starts changed.
{%- set touched = recompute_changed('dt',
    "select ts::date as dt from {{ changes(ref('silver_gpu_timeseries')) }}
     union all select start_ts::date from {{ changes(ref('silver_jobs')) }}") %}
with daily as (
    select
        ts::date as dt,
        avg(gpu_util_pct) as avg_gpu_util,
        quantile_cont(gpu_util_pct, 0.95) as p95_gpu_util,
        avg(cpu_util_pct) as avg_cpu_util,
        count(distinct machine_id) as machines
    from {{ ref('silver_gpu_timeseries') }}
    {%- if is_incremental() %}
    semi join {{ touched }} c on c.dt = ts::date
    {%- endif %}
    group by 1
),
started as (
    select start_ts::date as dt, count(*) as jobs_started
    from {{ ref('silver_jobs') }}
    {%- if is_incremental() %}
    semi join {{ touched }} c on c.dt = start_ts::date
    {%- endif %}
    where start_ts is not null
    group by 1
)
select d.dt, d.avg_gpu_util, d.p95_gpu_util, d.avg_cpu_util, d.machines, coalesce(s.jobs_started, 0) as jobs_started
from daily d left join started s using (dt)
order by d.dt
