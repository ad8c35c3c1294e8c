{{ config(materialized='incremental') }}
-- pai_task_table from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_task_table', ['job_name VARCHAR', 'task_name VARCHAR', 'inst_num BIGINT', 'status VARCHAR', 'start_time DOUBLE', 'end_time DOUBLE', 'plan_cpu DOUBLE', 'plan_mem DOUBLE', 'plan_gpu DOUBLE', 'gpu_type VARCHAR']) }}
