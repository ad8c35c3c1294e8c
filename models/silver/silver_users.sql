-- Every user who submitted a job, with their most common workload.
select
    j.user_id,
    count(*) as jobs,
    mode(t.workload) as main_workload
from {{ ref('silver_jobs') }} j
left join {{ ref('bronze_group_tag_table') }} t on t.inst_id = j.instance_id
where j.user_id is not null
group by j.user_id
