-- Cluster GPU use by hour: busy GPU-hours against the GPU-hours the reporting machines had.
-- Incremental: a run recomputes the hours whose samples changed.
{%- set touched = recompute_changed('hour', "select date_trunc('hour', ts) as hour from {{ changes(ref('silver_gpu_timeseries')) }}") %}
select
    date_trunc('hour', ts) as hour,
    count(distinct machine_id) as machines,
    avg(gpu_util_per_gpu_pct) as avg_gpu_util_per_gpu_pct,
    quantile_cont(gpu_util_per_gpu_pct, 0.95) as p95_gpu_util_per_gpu_pct,
    sum(gpu_util_pct / 100.0 * interval_hours) as gpu_hours_used,
    sum(gpu_count * interval_hours) as gpu_hours_capacity
from {{ ref('silver_gpu_timeseries') }}
{%- if is_incremental() %}
semi join {{ touched }} c on c.hour = date_trunc('hour', ts)
{%- endif %}
where gpu_count > 0
group by 1
order by 1
