-- Per job: GPU-hours allocated (plan_gpu / 100 x each instance's run time), GPU-hours used (what the
-- sensors saw the instances use over the same time), efficiency = used / allocated, and the energy
-- its GPUs drew: GPU-hours used x the board power of the machine's GPUs (gpu_specs), in kWh.
-- Incremental: a run recomputes the jobs whose job, task, instance or sensor rows changed.
{%- set touched = recompute_changed('job_id',
    "select job_id from {{ changes(ref('silver_jobs')) }}
     union all select job_id from {{ changes(ref('silver_tasks')) }}
     union all select job_id from {{ changes(ref('silver_instances')) }}
     union all select i.job_id from {{ ref('silver_instances') }} i semi join {{ changes(ref('silver_sensors')) }} s using (instance_key)
     union all select job_id from {{ changes(ref('silver_sensors')) }}") %}
{#- Only the columns used: job_instances is read twice, so DuckDB materializes it, and `select *`
    read all twelve columns of 7.5M instances (0.9 s of an hourly run at full scale). #}
with job_instances as (
    select i.job_id, i.task_name, i.instance_key, i.machine_id, i.run_time_sec from {{ ref('silver_instances') }} i
    {%- if is_incremental() %}
    semi join {{ touched }} c on c.job_id is not distinct from i.job_id
    {%- endif %}
),
instances as (
    select
        i.job_id,
        i.run_time_sec / 3600.0 as hours,
        t.gpus_per_instance,
        t.plan_mem_gb,
        s.gpus_busy,
        m.gpu_board_power_w
    from job_instances i
    {#- When incremental, the tasks and sensors of the touched jobs only: the joins then never hash
        the whole 7.5M-row tables for a few hundred instances. #}
    join (select * from {{ ref('silver_tasks') }} t
          {%- if is_incremental() %} semi join {{ touched }} c on c.job_id is not distinct from t.job_id{% endif %}) t using (job_id, task_name)
    left join (select s.instance_key, s.gpus_busy from {{ ref('silver_sensors') }} s
               {%- if is_incremental() %} semi join job_instances ji using (instance_key){% endif %}) s using (instance_key)
    left join {{ ref('silver_machines') }} m on m.machine_id = i.machine_id
    where i.run_time_sec is not null
),
per_job as (
    select
        job_id,
        count(*) as instances,
        sum(gpus_per_instance * hours) as gpu_hours_allocated,
        sum(coalesce(gpus_busy, 0) * hours) as gpu_hours_used,
        sum(coalesce(gpus_busy, 0) * hours * coalesce(gpu_board_power_w, 0)) / 1000.0 as energy_kwh,
        sum(greatest(coalesce(plan_mem_gb, 0) - {{ var('memory_included_gb') }}, 0) * hours) as memory_gb_hours_over
    from instances
    group by job_id
)
select
    j.job_id, j.user_id, j.job_status, j.start_ts, j.end_ts, j.run_time_sec,
    coalesce(p.instances, 0) as instances,
    coalesce(p.gpu_hours_allocated, 0) as gpu_hours_allocated,
    coalesce(p.gpu_hours_used, 0) as gpu_hours_used,
    p.gpu_hours_used / nullif(p.gpu_hours_allocated, 0) as efficiency,
    coalesce(p.memory_gb_hours_over, 0) as memory_gb_hours_over,
    coalesce(p.energy_kwh, 0) as energy_kwh
from {{ ref('silver_jobs') }} j
left join per_job p using (job_id)
{%- if is_incremental() %}
semi join {{ touched }} c on c.job_id is not distinct from j.job_id
{%- endif %}
