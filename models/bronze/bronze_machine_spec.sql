{{ config(materialized='external', incremental=true, unique_key='_source_file') }}
-- pai_machine_spec from data_raw/, typed, as Parquet under data_lake/bronze/ (see sql/macros/bronze.sql).
{{ bronze_csv('pai_machine_spec', ['machine VARCHAR', 'gpu_type VARCHAR', 'cap_cpu BIGINT', 'cap_mem BIGINT', 'cap_gpu BIGINT']) }}
