{%- set statuses = ['Terminated', 'Failed', 'Running'] %}
select
    m.machine_id,
    m.gpu_type,
    sum(j.gpu_hours) as gpu_hours,
{%- for s in statuses %}
    count(*) filter (where j.status = '{{ s }}') as {{ s | lower }}_jobs{{ ',' if not loop.last }}
{%- endfor %}
from {{ ref('stg_machines') }} m
join {{ ref('stg_jobs') }} j using (machine_id)
group by all
