{{ config(materialized='incremental') }}
-- pai_machine_metric from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_machine_metric', ['worker_name VARCHAR', 'machine VARCHAR', 'start_time DOUBLE', 'end_time DOUBLE', 'machine_cpu_iowait DOUBLE', 'machine_cpu_kernel DOUBLE', 'machine_cpu_usr DOUBLE', 'machine_gpu DOUBLE', 'machine_load_1 DOUBLE', 'machine_net_receive DOUBLE', 'machine_num_worker DOUBLE', 'machine_cpu DOUBLE']) }}
