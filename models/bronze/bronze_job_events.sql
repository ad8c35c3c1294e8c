{{ config(materialized='external', incremental=true, unique_key='_source_file') }}
-- pai_job_table from data_raw/, typed, as Parquet under data_lake/bronze/ (see sql/macros/bronze.sql).
{{ bronze_csv('pai_job_table', ['job_name VARCHAR', 'inst_id VARCHAR', 'user VARCHAR', 'status VARCHAR', 'start_time DOUBLE', 'end_time DOUBLE']) }}
