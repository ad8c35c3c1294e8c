-- Machines with their GPU type and counts.
select
    machine as machine_id,
    gpu_type,
    cap_cpu as cpu_count,
    cap_mem as memory_gb,
    cap_gpu as gpu_count,
    cap_gpu > 0 as has_gpus
from {{ latest_per_key(ref('bronze_machine_spec'), 'machine') }} as latest
