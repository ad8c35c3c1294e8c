-- Jobs by efficiency (used / allocated GPU-hours), in tenths.
{%- set buckets = range(10) %}
with bucketed as (
    select
        least(floor(efficiency * 10), 9)::integer as bucket,
        gpu_hours_allocated,
        gpu_hours_used
    from {{ ref('gold_job_usage') }}
    where efficiency is not null
)
select
    b.bucket,
    (b.bucket * 10) || '-' || (b.bucket * 10 + 10) || '%' as efficiency_range,
    count(x.bucket) as jobs,
    coalesce(sum(x.gpu_hours_allocated), 0) as gpu_hours_allocated,
    coalesce(sum(x.gpu_hours_used), 0) as gpu_hours_used
from (values {% for b in buckets %}({{ b }}){{ ',' if not loop.last }}{% endfor %}) b(bucket)
left join bucketed x using (bucket)
group by b.bucket
order by b.bucket
