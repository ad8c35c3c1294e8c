{{ config(materialized='incremental') }}
-- pai_machine_spec from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_machine_spec', ['machine VARCHAR', 'gpu_type VARCHAR', 'cap_cpu BIGINT', 'cap_mem BIGINT', 'cap_gpu BIGINT']) }}
