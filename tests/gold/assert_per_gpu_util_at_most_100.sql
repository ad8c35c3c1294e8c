-- Per-GPU utilisation (the machine's sum divided by its GPU count) is a percentage.
select machine_id, ts, gpu_util_per_gpu_pct
from {{ ref('silver_gpu_timeseries') }}
where gpu_util_per_gpu_pct > 100 or gpu_util_per_gpu_pct < 0
