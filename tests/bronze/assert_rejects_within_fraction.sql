-- No raw table may lose more than var('max_rejected_fraction') of its lines to rejects.
-- The bronze models write the log in their hooks, so this reads it after all of them:
-- depends_on: {{ ref('bronze_job_events') }} {{ ref('bronze_task_table') }} {{ ref('bronze_instance_table') }} {{ ref('bronze_sensor_table') }}
-- depends_on: {{ ref('bronze_group_tag_table') }} {{ ref('bronze_machine_spec') }} {{ ref('bronze_machine_metrics') }}
select raw_table, sum(rows_rejected) as rejected, sum(lines_read) as read,
       sum(rows_rejected) / nullif(sum(lines_read), 0) as fraction
from {{ ref('bronze_ingested_files') }}
group by raw_table
having sum(rows_rejected) > {{ var('max_rejected_fraction') }} * sum(lines_read)
