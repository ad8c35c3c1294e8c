-- The reference pipeline's daily cluster utilisation (the anomaly detector's input): the mean and
-- 95th percentile of gpu_util_pct and the mean cpu_util_pct over every sample of the day, plus how
-- many machines reported and how many jobs started.
with daily as (
    select
        ts::date as dt,
        avg(gpu_util_pct) as avg_gpu_util,
        quantile_cont(gpu_util_pct, 0.95) as p95_gpu_util,
        avg(cpu_util_pct) as avg_cpu_util,
        count(distinct machine_id) as machines
    from {{ ref('silver_gpu_timeseries') }}
    group by 1
),
started as (
    select start_ts::date as dt, count(*) as jobs_started
    from {{ ref('silver_jobs') }}
    where start_ts is not null
    group by 1
)
select d.dt, d.avg_gpu_util, d.p95_gpu_util, d.avg_cpu_util, d.machines, coalesce(s.jobs_started, 0) as jobs_started
from daily d left join started s using (dt)
order by d.dt
