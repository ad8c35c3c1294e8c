-- GPU machines that sat idle most of the time: candidates to reclaim or re-pool.
-- lake sql < sql/idle_machines.sql
select
    machine_id,
    gpu_type,
    gpu_count,
    round(idle_share, 3) as idle_share,
    round(mean_gpu_util_pct, 1) as mean_gpu_util_pct,
    round(gpu_hours_capacity - gpu_hours_used, 1) as gpu_hours_wasted
from gold_node_usage
order by idle_share desc, gpu_hours_wasted desc
limit 20;
