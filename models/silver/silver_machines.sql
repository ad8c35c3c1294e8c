-- Machines with their GPU type and counts, and their GPUs' spec-sheet facts (the gpu_specs seed):
-- memory, FP32 TFLOPS and board power, NULL for CPU machines.
-- Incremental: a run recomputes only the keys whose raw rows changed (sql/macros/incremental.sql);
-- after editing gpu_specs, rebuild with `lake run --full-refresh -s silver_machines+`.
select
    latest.machine as machine_id,
    latest.gpu_type,
    latest.cap_cpu as cpu_count,
    latest.cap_mem as memory_gb,
    latest.cap_gpu as gpu_count,
    latest.cap_gpu > 0 as has_gpus,
    g.memory_gb as gpu_memory_gb,
    g.fp32_tflops as gpu_fp32_tflops,
    g.board_power_w as gpu_board_power_w
from {{ latest_changed('bronze_machine_spec', 'machine', 'machine_id') }} as latest
left join {{ ref('gpu_specs') }} g on g.gpu_type = latest.gpu_type and latest.cap_gpu > 0
