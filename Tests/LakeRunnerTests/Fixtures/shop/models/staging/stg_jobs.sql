-- Jobs as the trace has them, typed.
select
    job_id,
    machine_id,
    user_id,
    status,
    gpu_hours::double as gpu_hours,
    {{ cents('gpu_hours * ' ~ var('rate')) }} as cost_cents
from {{ source('raw', 'jobs') }}
