-- One row per thing that needs a person: an episode of anomalous cluster days, a sick machine (an
-- episode of its flagged days), a budget past 80 % or 100 % of a month. Each run works out which
-- conditions hold and merges them into the alerts it already has, keyed by alert_id (kind, subject
-- and since), so running again, or hourly, never duplicates one:
--   new condition          -> a new alert, open, first seen in this run (lake alerts, on_alert)
--   condition still holds  -> last seen moves to this run
--   condition cleared      -> resolved in this run (an episode that later days no longer extend, a
--                             budget month that ended, a flag that is gone)
-- Times are the run's (run_started_at), the runs lake's run ids (invocation_id). full_refresh is
-- false: an alert's history is kept through `lake run --full-refresh`.
{{ config(materialized='incremental', unique_key='alert_id', incremental_strategy='delete+insert', full_refresh=false) }}
{%- set now = "'" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "'::timestamp" %}
with cluster_days as (
    select dt, anomaly_score, anomaly_flag, max(dt) over () as latest,
           dt - (row_number() over (partition by anomaly_flag order by dt))::integer as episode
    from {{ ref('gold_cluster_util_daily_scored') }}
),
machine_days as (
    select machine_id, dt, gpu_type, anomaly_score, anomaly_flag, max(dt) over () as latest,
           gpu_util_vs_peers, stuck_share, idle_share, iowait_vs_peers, load_vs_peers, coverage_vs_peers,
           dt - (row_number() over (partition by machine_id, anomaly_flag order by dt))::integer as episode
    from {{ ref('gold_machine_day_scored') }}
),
conditions as (
    -- Consecutive flagged days form one episode: it holds while it reaches the latest day scored.
    select
        'cluster_anomaly' as kind, 'cluster' as subject, min(dt)::varchar as since, 'warning' as severity,
        min(anomaly_score) as score,
        count(*) || ' anomalous day' || case when count(*) > 1 then 's' else '' end || ' of cluster utilisation, '
            || min(dt) || case when count(*) > 1 then ' to ' || max(dt) else '' end as detail,
        -- A day's grace: an hourly run early in a day has little of it, so an episode holds until a whole
        -- day passes without a flag.
        max(dt) >= any_value(latest) - 1 as holds
    from cluster_days where anomaly_flag = 1
    group by episode
    union all
    select
        'sick_machine', machine_id, min(dt)::varchar, 'critical',
        min(anomaly_score),
        any_value(gpu_type) || ' machine unlike its peers for ' || count(*) || ' day' || case when count(*) > 1 then 's' else '' end
            || ' from ' || min(dt) || ': '
            || concat_ws(', ',
                   case when max(idle_share) >= 0.5 then 'GPUs idle ' || round(100 * max(idle_share))::integer || ' % of the time' end,
                   case when max(stuck_share) >= 0.5 then 'GPU utilisation stuck ' || round(100 * max(stuck_share))::integer || ' % of samples' end,
                   case when min(gpu_util_vs_peers) <= -20 then 'GPU utilisation ' || round(-min(gpu_util_vs_peers))::integer || ' points below its peers' end,
                   case when max(iowait_vs_peers) >= 5 then 'iowait ' || round(max(iowait_vs_peers), 1) || ' points above its peers' end,
                   case when max(load_vs_peers) >= 0.5 then 'load per core ' || round(max(load_vs_peers), 2) || ' above its peers' end,
                   case when min(coverage_vs_peers) <= 0.8 then 'reported ' || round(100 * min(coverage_vs_peers))::integer || ' % of its peers'' samples' end),
        max(dt) >= any_value(latest) - 1
    from machine_days where anomaly_flag = 1
    group by machine_id, episode
    union all
    select
        'budget_' || threshold, budget, month::varchar, case when threshold = 100 then 'critical' else 'warning' end,
        share_used,
        budget || ' has used ' || round(100 * share_used)::integer || ' % of its ' || regexp_replace(round(monthly_budget, 2)::varchar, '\.0$', '') || ' '
            || case when unit = 'usd' then 'USD' else 'GPU-hours' end || ' for ' || strftime(month, '%Y-%m')
            || ' (projected ' || round(100 * projected_share)::integer || ' % by month end)',
        is_current_month
    from {{ ref('gold_budget_status') }}, (values (80), (100)) as t(threshold)
    where share_used * 100 >= threshold
),
current as (
    select md5(kind || '|' || subject || '|' || since) as alert_id, * from conditions
)
{%- if is_incremental() %},
previous as (
    select * from {{ this }}
)
select
    coalesce(c.alert_id, p.alert_id) as alert_id,
    coalesce(c.kind, p.kind) as kind,
    coalesce(c.subject, p.subject) as subject,
    coalesce(c.since, p.since) as since,
    coalesce(c.severity, p.severity) as severity,
    coalesce(c.score, p.score) as score,
    coalesce(c.detail, p.detail) as detail,
    coalesce(p.first_seen_run, '{{ invocation_id }}') as first_seen_run,
    coalesce(p.first_seen_at, {{ now }}) as first_seen_at,
    case when c.holds or p.alert_id is null then '{{ invocation_id }}' else p.last_seen_run end as last_seen_run,
    case when c.holds or p.alert_id is null then {{ now }} else p.last_seen_at end as last_seen_at,
    case when coalesce(c.holds, false) then 'open' else 'resolved' end as state,
    case when coalesce(c.holds, false) then null
         when p.state = 'resolved' then p.resolved_run
         else '{{ invocation_id }}' end as resolved_run,
    case when coalesce(c.holds, false) then null
         when p.state = 'resolved' then p.resolved_at
         else {{ now }} end as resolved_at
from current c
full outer join previous p using (alert_id)
-- Only what changed is written again: a new alert, one seen again, one that changes state.
where p.alert_id is null or c.holds or p.state = 'open'
{%- else %}
select
    alert_id, kind, subject, since, severity, score, detail,
    '{{ invocation_id }}' as first_seen_run,
    {{ now }} as first_seen_at,
    '{{ invocation_id }}' as last_seen_run,
    {{ now }} as last_seen_at,
    case when holds then 'open' else 'resolved' end as state,
    case when holds then null else '{{ invocation_id }}' end as resolved_run,
    case when holds then null else {{ now }} end as resolved_at
from current
{%- endif %}
