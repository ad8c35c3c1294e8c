-- Machines with their GPU type and counts.
-- Incremental: a run recomputes only the keys whose raw rows changed (sql/macros/incremental.sql).
select
    machine as machine_id,
    gpu_type,
    cap_cpu as cpu_count,
    cap_mem as memory_gb,
    cap_gpu as gpu_count,
    cap_gpu > 0 as has_gpus
from {{ latest_changed('bronze_machine_spec', 'machine', 'machine_id') }} as latest
