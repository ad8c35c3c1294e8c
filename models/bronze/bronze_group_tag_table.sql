{{ config(materialized='external', incremental=true, unique_key='_source_file') }}
-- pai_group_tag_table from data_raw/, typed, as Parquet under data_lake/bronze/ (see sql/macros/bronze.sql).
{{ bronze_csv('pai_group_tag_table', ['inst_id VARCHAR', 'user VARCHAR', 'gpu_type_spec VARCHAR', 'group VARCHAR', 'workload VARCHAR']) }}
