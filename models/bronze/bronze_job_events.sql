{{ config(materialized='incremental') }}
-- pai_job_table from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_job_table', ['job_name VARCHAR', 'inst_id VARCHAR', 'user VARCHAR', 'status VARCHAR', 'start_time DOUBLE', 'end_time DOUBLE']) }}
