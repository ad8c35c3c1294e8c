-- Days whose cluster GPU utilisation is far from the usual for that weekday (robust z-score), with
-- the jobs that started and failed on them. The Isolation Forest's scores (gold_cluster_util_daily_scored)
-- are the model-based view of the same question.
-- lake sql < sql/unusual_days.sql
with days as (
    select *, dayofweek(dt) as weekday from gold_cluster_util_daily
),
usual as (
    select weekday, median(avg_gpu_util) as median_util, median(abs(avg_gpu_util - m)) as mad
    from (select *, median(avg_gpu_util) over (partition by weekday) as m from days)
    group by weekday
),
jobs as (
    select start_ts::date as dt, count(*) as jobs, count(*) filter (where job_status = 'Failed') as failed
    from silver_jobs where start_ts is not null group by 1
)
select d.dt, dayname(d.dt) as weekday, round(d.avg_gpu_util, 1) as avg_gpu_util, round(u.median_util, 1) as usual,
       round((d.avg_gpu_util - u.median_util) / nullif(1.4826 * u.mad, 0), 1) as z,
       coalesce(j.jobs, 0) as jobs_started, coalesce(j.failed, 0) as jobs_failed
from days d join usual u using (weekday) left join jobs j using (dt)
order by abs(z) desc
limit 10;
