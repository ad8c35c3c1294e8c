-- The users who cost the most, with their GPU-hours and how well they used them.
-- lake sql < sql/top_users_by_cost.sql
select
    b.user_id,
    round(sum(b.total_cost), 2) as total_cost_usd,
    round(sum(b.gpu_hours), 1) as gpu_hours_allocated,
    round(sum(u.gpu_hours_used) / nullif(sum(u.gpu_hours_allocated), 0), 3) as efficiency,
    sum(u.jobs) as jobs,
    round(sum(u.failed_jobs) / sum(u.jobs), 3) as failure_rate
from gold_billing b
join gold_user_gpu_usage_daily u on u.user_id = b.user_id and u.dt = b.period_start
where b.grain = 'user' and b.period = 'day'
group by b.user_id
order by total_cost_usd desc
limit 15;
