{{ config(materialized='incremental') }}
-- pai_instance_table from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_instance_table', ['job_name VARCHAR', 'task_name VARCHAR', 'inst_name VARCHAR', 'worker_name VARCHAR', 'inst_id VARCHAR', 'status VARCHAR', 'start_time DOUBLE', 'end_time DOUBLE', 'machine VARCHAR']) }}
