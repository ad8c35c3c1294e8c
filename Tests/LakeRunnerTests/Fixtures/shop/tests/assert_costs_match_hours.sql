-- A user's cost is their GPU-hours at the configured rate.
select * from {{ ref('user_summary') }}
where abs(cost_cents - gpu_hours * {{ var('rate') }} * 100) > 1
