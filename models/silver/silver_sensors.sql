-- What each instance used. gpu_wrk_util is percent of one GPU (200 = two busy GPUs); memory in GB.
-- Incremental: a run recomputes only the keys whose raw rows changed (sql/macros/incremental.sql).
select
    worker_name as instance_key,
    job_name as job_id,
    task_name,
    inst_id as instance_id,
    machine as machine_id,
    gpu_name,
    cpu_usage as cpu_usage_pct,
    gpu_wrk_util as gpu_util_pct,
    coalesce(gpu_wrk_util, 0) / 100.0 as gpus_busy,
    avg_mem as avg_mem_gb,
    max_mem as max_mem_gb,
    avg_gpu_wrk_mem as avg_gpu_mem_gb,
    max_gpu_wrk_mem as max_gpu_mem_gb,
    "read" as read_bytes,
    "write" as write_bytes
from {{ latest_changed('bronze_sensor_table', 'worker_name', 'instance_key') }} as latest
