-- Per GPU machine and day: what its GPUs did (mean and p95 utilisation per GPU, its spread over the
-- day, the share of samples idle under 5 % and the share stuck at their previous value), GPU-hours allocated to its instances against those it
-- used, its CPUs (iowait, load per core), network, its instances that ended and failed, and energy.
-- Then the same day's peers: every GPU machine's median that day, and this machine's distance from
-- it. The machine detector (lake.yml's machine_day) reads those distances, so a day the whole
-- cluster dipped is no machine's fault, and scales them within each GPU type.
-- Incremental: a run recomputes the days whose samples or instances changed (a day's peers change
-- with any of its machines).
{%- set touched = recompute_changed('dt',
    "select ts::date as dt from {{ changes(ref('silver_gpu_timeseries')) }}
     union all
     select unnest(generate_series(start_ts::date, coalesce(end_ts, start_ts)::date, interval 1 day))::date
     from {{ changes(ref('silver_instances')) }} where start_ts is not null") %}
with samples as (
    select t.*, t.ts::date as dt,
           -- GPUs that report the same busy value as their previous sample are stuck, not working:
           -- real utilisation never repeats to the trace's four decimals, short of idle or full.
           t.gpu_util_per_gpu_pct > 0 and t.gpu_util_per_gpu_pct < 100 and t.gpu_util_pct = lag(t.gpu_util_pct) over (partition by t.machine_id, t.ts::date order by t.ts) as repeated
    from {{ ref('silver_gpu_timeseries') }} t
    {%- if is_incremental() %}
    semi join {{ touched }} c on c.dt = t.ts::date
    {%- endif %}
    where t.gpu_count > 0
),
metrics as (
    select
        machine_id, dt,
        count(*) as samples,
        avg(gpu_util_per_gpu_pct) as mean_gpu_util_pct,
        quantile_cont(gpu_util_per_gpu_pct, 0.95) as p95_gpu_util_pct,
        coalesce(stddev_pop(gpu_util_per_gpu_pct), 0) as gpu_util_spread_pct,
        avg(case when gpu_util_per_gpu_pct < 5 then 1.0 else 0.0 end) as idle_share,
        coalesce(avg(case when repeated then 1.0 else 0.0 end), 0) as stuck_share,
        sum(gpu_util_pct / 100.0 * interval_hours) as gpu_hours_used,
        avg(machine_cpu_iowait) as mean_iowait_pct,
        avg(machine_load_1) as mean_load_1,
        avg(machine_net_receive) as mean_net_receive
    from samples
    group by all
),
-- Each instance's days: unnest in the select list, not a lateral join (DuckDB decorrelates that
-- with a join on every distinct (start_ts, end_ts): 10 s of an hourly run at full scale). When
-- incremental, only instances that overlap the touched days are expanded.
instance_days as (
    select
        i.machine_id, i.instance_status, i.start_ts, i.end_ts,
        t.gpus_per_instance,
        unnest(generate_series(i.start_ts::date, i.end_ts::date, interval 1 day))::date as dt
    from {{ ref('silver_instances') }} i
    join {{ ref('silver_tasks') }} t using (job_id, task_name)
    where i.start_ts is not null and i.end_ts >= i.start_ts and i.machine_id is not null
    {%- if is_incremental() %}
      and i.end_ts >= (select min(dt) from {{ touched }})
      and i.start_ts < (select max(dt) from {{ touched }}) + interval 1 day
    {%- endif %}
),
allocated as (
    select
        machine_id, dt,
        -- the instance's hours on the day, times what it asked for
        sum(gpus_per_instance * (epoch(least(end_ts, dt + interval 1 day) - greatest(start_ts, dt)) / 3600.0)) as gpu_hours_allocated,
        count(*) filter (where end_ts::date = dt) as instances_ended,
        count(*) filter (where end_ts::date = dt and instance_status = 'Failed') as instances_failed
    from instance_days
    {%- if is_incremental() %}
    semi join {{ touched }} c using (dt)
    {%- endif %}
    group by all
),
machine_days as (
    select
        m.machine_id, m.dt, s.gpu_type, s.gpu_count, s.cpu_count,
        m.samples, m.mean_gpu_util_pct, m.p95_gpu_util_pct, m.gpu_util_spread_pct, m.idle_share, m.stuck_share,
        coalesce(a.gpu_hours_allocated, 0) as gpu_hours_allocated,
        m.gpu_hours_used,
        m.mean_iowait_pct,
        m.mean_load_1 / nullif(s.cpu_count, 0) as load_per_core,
        m.mean_net_receive,
        coalesce(a.instances_ended, 0) as instances_ended,
        coalesce(a.instances_failed, 0) as instances_failed,
        coalesce(a.instances_failed / nullif(a.instances_ended, 0), 0) as failed_share,
        m.gpu_hours_used * coalesce(s.gpu_board_power_w, 0) / 1000.0 as energy_kwh
    from metrics m
    join {{ ref('silver_machines') }} s using (machine_id)
    left join allocated a using (machine_id, dt)
),
peers as (
    select
        dt,
        median(samples) as peer_samples,
        median(mean_gpu_util_pct) as peer_gpu_util_pct,
        median(stuck_share) as peer_stuck_share,
        median(idle_share) as peer_idle_share,
        median(mean_iowait_pct) as peer_iowait_pct,
        median(load_per_core) as peer_load_per_core,
        median(failed_share) as peer_failed_share
    from machine_days
    group by dt
)
select
    d.*,
    d.mean_gpu_util_pct - p.peer_gpu_util_pct as gpu_util_vs_peers,
    d.stuck_share - p.peer_stuck_share as stuck_share_vs_peers,
    d.idle_share - p.peer_idle_share as idle_share_vs_peers,
    d.mean_iowait_pct - p.peer_iowait_pct as iowait_vs_peers,
    coalesce(d.load_per_core - p.peer_load_per_core, 0) as load_vs_peers,
    d.samples / p.peer_samples as coverage_vs_peers,
    d.failed_share - p.peer_failed_share as failed_share_vs_peers
from machine_days d
join peers p using (dt)
order by d.dt, d.machine_id
