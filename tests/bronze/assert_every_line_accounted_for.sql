-- Every line read was loaded, rejected or blank: nothing is dropped silently.
-- The bronze models write the log in their hooks, so this reads it after all of them:
-- depends_on: {{ ref('bronze_job_events') }} {{ ref('bronze_task_table') }} {{ ref('bronze_instance_table') }} {{ ref('bronze_sensor_table') }}
-- depends_on: {{ ref('bronze_group_tag_table') }} {{ ref('bronze_machine_spec') }} {{ ref('bronze_machine_metrics') }}
select raw_table, file, lines_read, rows_loaded, rows_rejected, lines_blank
from {{ ref('bronze_ingested_files') }}
where lines_read != rows_loaded + rows_rejected + lines_blank
