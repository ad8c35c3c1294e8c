{{ config(materialized='incremental', full_refresh=false, tags=['bronze', 'ingestion']) }}
-- Every raw line that could not be loaded, named by file and line, with the reason.
-- Rows arrive through the bronze models' hooks, each in the same commit as its table's rows; this model
-- only creates the table, and --full-refresh never empties it (full_refresh=false): each bronze model
-- replaces its own rows when it re-ingests.
select null::varchar as raw_table, null::varchar as file, null::bigint as line, null::varchar as error_type,
       null::varchar as column_name, null::varchar as csv_line, null::varchar as error_message, null::timestamptz as rejected_at
where false
