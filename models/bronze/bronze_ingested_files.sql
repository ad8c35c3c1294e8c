{{ config(materialized='incremental', full_refresh=false, tags=['bronze', 'ingestion']) }}
-- The ingestion log: every raw file ingested, with its accounting (read = loaded + rejected).
-- Rows arrive through the bronze models' hooks, each in the same commit as its table's rows; this model
-- only creates the table, and --full-refresh never empties it (full_refresh=false): each bronze model
-- replaces its own rows when it re-ingests.
select null::varchar as raw_table, null::varchar as file, null::bigint as size, null::bigint as mtime,
       null::bigint as lines_read, null::bigint as rows_loaded, null::bigint as rows_rejected, null::timestamptz as ingested_at
where false
