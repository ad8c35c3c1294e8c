-- Instances: where and how long each worker ran.
-- Incremental: a run recomputes only the keys whose raw rows changed (sql/macros/incremental.sql).
select
    worker_name as instance_key,
    inst_name as instance_name,
    inst_id as instance_id,
    job_name as job_id,
    task_name,
    status as instance_status,
    nullif(start_time, 0) as start_time,
    nullif(end_time, 0) as end_time,
    {{ trace_timestamp('nullif(start_time, 0)') }} as start_ts,
    {{ trace_timestamp('nullif(end_time, 0)') }} as end_ts,
    case when nullif(end_time, 0) >= nullif(start_time, 0) then end_time - start_time end as run_time_sec,
    machine as machine_id
from {{ latest_changed('bronze_instance_table', 'worker_name', 'instance_key') }} as latest
