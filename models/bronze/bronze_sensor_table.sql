{{ config(materialized='incremental') }}
-- pai_sensor_table from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_sensor_table', ['job_name VARCHAR', 'task_name VARCHAR', 'worker_name VARCHAR', 'inst_id VARCHAR', 'machine VARCHAR', 'gpu_name VARCHAR', 'cpu_usage DOUBLE', 'gpu_wrk_util DOUBLE', 'avg_mem DOUBLE', 'max_mem DOUBLE', 'avg_gpu_wrk_mem DOUBLE', 'max_gpu_wrk_mem DOUBLE', 'read DOUBLE', 'write DOUBLE', 'read_count DOUBLE', 'write_count DOUBLE']) }}
