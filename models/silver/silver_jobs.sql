-- One row per job, the reference pipeline's names: run_time_sec only for jobs that ended.
-- Times are seconds from the trace's hidden reference (start_time = 0 means missing); *_ts read them as UTC.
-- Incremental: a run recomputes only the keys whose raw rows changed (sql/macros/incremental.sql).
with jobs as (
    select
        job_name as job_id,
        inst_id as instance_id,
        "user" as user_id,
        status as job_status,
        nullif(start_time, 0) as start_time,
        nullif(end_time, 0) as end_time
    from {{ latest_changed('bronze_job_events', 'job_name', 'job_id') }} as latest
)
select
    job_id, instance_id, user_id, job_status, start_time, end_time,
    case when job_status in ('Terminated', 'Failed') and end_time >= start_time then end_time - start_time end as run_time_sec,
    {{ trace_timestamp('start_time') }} as start_ts,
    {{ trace_timestamp('end_time') }} as end_ts
from jobs
