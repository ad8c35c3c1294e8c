{{ config(materialized='incremental', tags=['bronze', 'ingestion']) }}
-- Every raw line that could not be loaded, named by file and line, with the reason.
-- Rows arrive through the bronze models' hooks; this model only creates the table.
select null::varchar as raw_table, null::varchar as file, null::bigint as line, null::varchar as error_type,
       null::varchar as column_name, null::varchar as csv_line, null::varchar as error_message, null::timestamptz as rejected_at
where false
