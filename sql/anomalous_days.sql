-- The days the Isolation Forest flags (gold_cluster_util_daily_scored), most anomalous first, with
-- how their jobs fared.
-- lake sql < sql/anomalous_days.sql
select
    s.dt,
    dayname(s.dt) as weekday,
    round(s.anomaly_score, 4) as anomaly_score,
    round(s.avg_gpu_util, 1) as avg_gpu_util,
    round(s.p95_gpu_util, 1) as p95_gpu_util,
    count(j.job_id) as jobs_started,
    count(j.job_id) filter (where j.job_status = 'Failed') as jobs_failed,
    round(sum(u.gpu_hours_allocated), 1) as gpu_hours_allocated
from gold_cluster_util_daily_scored s
left join silver_jobs j on j.start_ts::date = s.dt
left join gold_job_usage u on u.job_id = j.job_id
where s.anomaly_flag = 1
group by all
order by anomaly_score;
