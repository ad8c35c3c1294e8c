-- Per machine: GPU-hours used of those it had, mean and p95 per-GPU utilisation, and the share of
-- samples in which its GPUs were idle (under 5 %).
select
    m.machine_id,
    m.gpu_type,
    m.gpu_count,
    count(t.ts) as samples,
    coalesce(sum(t.gpu_util_pct / 100.0 * t.interval_hours), 0) as gpu_hours_used,
    coalesce(sum(m.gpu_count * t.interval_hours), 0) as gpu_hours_capacity,
    avg(t.gpu_util_per_gpu_pct) as mean_gpu_util_pct,
    quantile_cont(t.gpu_util_per_gpu_pct, 0.95) as p95_gpu_util_pct,
    avg(case when t.gpu_util_per_gpu_pct < 5 then 1.0 else 0.0 end) as idle_share
from {{ ref('silver_machines') }} m
join {{ ref('silver_gpu_timeseries') }} t using (machine_id)
where m.has_gpus
group by all
