-- Each budget of lake.yml's `budgets:` (var('budgets'): name, users, unit usd or gpu_hours, monthly)
-- in each month of the trace: spent so far (the users' bills by job start day, gold_billing), the
-- burn rate per day, the month-end it projects, and the share used. Time is the data's own: the
-- current month is the month of the latest job start or end, as of that moment; earlier months are
-- complete. status: 'over' at 100 % of the budget, 'warning' at 80 %, else 'ok'; gold_alerts
-- raises the current month's crossings.
{%- set budgets = var('budgets', []) %}
{%- if budgets | length == 0 %}
select
    null::varchar as budget, null::varchar as unit, null::double as monthly_budget, null::date as month,
    null::timestamp as as_of, null::boolean as is_current_month, null::double as days_elapsed, null::integer as days_in_month,
    null::varchar[] as users, null::double as spent, null::double as burn_rate_per_day, null::double as projected_month_end,
    null::double as share_used, null::double as projected_share, null::varchar as status
where false
{%- else %}
with budgets (budget, unit, monthly_budget, users) as (
    values
    {%- for budget in budgets %}
        ('{{ budget.name | replace("'", "''") }}', '{{ budget.unit }}', {{ budget.monthly }}::double,
         [{% for user in budget.users %}'{{ user | replace("'", "''") }}'{{ ', ' if not loop.last }}{% endfor %}]::varchar[])
        {{- ',' if not loop.last }}
    {%- endfor %}
),
clock as (
    select max(greatest(coalesce(end_ts, start_ts), start_ts)) as now from {{ ref('gold_job_usage') }}
),
months as (
    select b.*, m::date as month
    from budgets b,
         (select min(period_start) as first_day from {{ ref('gold_billing') }} where grain = 'user' and period = 'day') f,
         clock,
         unnest(generate_series(date_trunc('month', coalesce(f.first_day, clock.now)), date_trunc('month', clock.now), interval 1 month)) as t(m)
    where clock.now is not null
),
spending as (
    select
        m.budget, m.month,
        sum(case when m.unit = 'usd' then d.total_cost else d.gpu_hours end) as spent
    from months m
    join {{ ref('gold_billing') }} d
      on d.grain = 'user' and d.period = 'day' and list_contains(m.users, d.user_id)
     and date_trunc('month', d.period_start) = m.month
    group by all
),
timed as (
    select
        m.budget, m.unit, m.monthly_budget, m.month,
        case when m.month = date_trunc('month', c.now) then c.now else (m.month + interval 1 month)::timestamp end as as_of,
        m.month = date_trunc('month', c.now) as is_current_month,
        extract(day from last_day(m.month))::integer as days_in_month,
        m.users,
        coalesce(s.spent, 0) as spent
    from months m
    cross join clock c
    left join spending s using (budget, month)
),
rated as (
    select *,
           -- At least an hour has passed, so a month's first minutes do not project a spike.
           greatest(epoch(as_of - month::timestamp) / 86400.0, 1.0 / 24) as days_elapsed
    from timed
)
select
    budget, unit, monthly_budget, month, as_of, is_current_month, days_elapsed, days_in_month, users, spent,
    spent / days_elapsed as burn_rate_per_day,
    case when is_current_month then spent / days_elapsed * days_in_month else spent end as projected_month_end,
    spent / monthly_budget as share_used,
    case when is_current_month then spent / days_elapsed * days_in_month else spent end / monthly_budget as projected_share,
    case when spent >= monthly_budget then 'over' when spent >= 0.8 * monthly_budget then 'warning' else 'ok' end as status
from rated
order by budget, month
{%- endif %}
