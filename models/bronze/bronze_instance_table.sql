{{ config(materialized='external', incremental=true, unique_key='_source_file') }}
-- pai_instance_table from data_raw/, typed, as Parquet under data_lake/bronze/ (see sql/macros/bronze.sql).
{{ bronze_csv('pai_instance_table', ['job_name VARCHAR', 'task_name VARCHAR', 'inst_name VARCHAR', 'worker_name VARCHAR', 'inst_id VARCHAR', 'status VARCHAR', 'start_time DOUBLE', 'end_time DOUBLE', 'machine VARCHAR']) }}
