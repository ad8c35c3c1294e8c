{{ config(materialized='incremental') }}
-- pai_group_tag_table from data_raw/, typed, as a lake table (see sql/macros/bronze.sql).
{{ bronze_csv('pai_group_tag_table', ['inst_id VARCHAR', 'user VARCHAR', 'gpu_type_spec VARCHAR', 'group VARCHAR', 'workload VARCHAR']) }}
