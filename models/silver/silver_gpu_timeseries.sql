-- Machine metrics over time, the reference pipeline's names, rows with a valid end_time only.
-- gpu_util_pct is machine_gpu as the trace has it: the sum over the machine's GPUs (0 to 100 x GPUs);
-- gpu_util_per_gpu_pct divides it by the machine's GPU count (0 to 100).
-- Incremental: a run recomputes the (machine, time) samples whose metric rows changed, and every
-- sample of a machine whose description changed (sql/macros/incremental.sql).
{%- set touched = recompute_changed(['machine_id', 'ts'],
    "select machine as machine_id, {{ trace_timestamp('start_time') }} as ts from {{ changes(ref('bronze_machine_metrics')) }}
     union all
     select m.machine, {{ trace_timestamp('m.start_time') }} from {{ ref('bronze_machine_metrics') }} m
     semi join {{ changes(ref('silver_machines')) }} c on c.machine_id is not distinct from m.machine") %}
select
    m.machine as machine_id,
    {{ trace_timestamp('m.start_time') }} as ts,
    m.machine_gpu as gpu_util_pct,
    case when s.gpu_count > 0 then m.machine_gpu / s.gpu_count end as gpu_util_per_gpu_pct,
    m.machine_cpu as cpu_util_pct,
    m.machine_load_1,
    m.machine_net_receive,
    m.machine_cpu_iowait,
    m.machine_cpu_kernel,
    m.machine_cpu_usr,
    m.machine_num_worker,
    (m.end_time - m.start_time) / 3600.0 as interval_hours,
    s.gpu_count
from {{ ref('bronze_machine_metrics') }} m
left join {{ ref('silver_machines') }} s on s.machine_id = m.machine
{%- if is_incremental() %}
semi join {{ touched }} c on c.machine_id is not distinct from m.machine and c.ts = {{ trace_timestamp('m.start_time') }}
{%- endif %}
where m.end_time is not null and m.end_time > m.start_time
