-- Tasks: what each job asked for. plan_gpu 100 = one GPU; plan_cpu 100 = one core; plan_mem in GB.
-- Incremental: a run recomputes only the keys whose raw rows changed (sql/macros/incremental.sql).
select
    job_name as job_id,
    task_name,
    inst_num as instance_count,
    status as task_status,
    {{ trace_timestamp('nullif(start_time, 0)') }} as start_ts,
    {{ trace_timestamp('nullif(end_time, 0)') }} as end_ts,
    plan_cpu,
    plan_mem as plan_mem_gb,
    plan_gpu,
    coalesce(plan_gpu, 0) / 100.0 as gpus_per_instance,
    gpu_type
from {{ latest_changed('bronze_task_table', ['job_name', 'task_name'], ['job_id', 'task_name']) }} as latest
