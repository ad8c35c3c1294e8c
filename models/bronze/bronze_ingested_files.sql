{{ config(materialized='incremental', tags=['bronze', 'ingestion']) }}
-- The ingestion log: every raw file ingested, with its accounting (read = loaded + rejected).
-- Rows arrive through the bronze models' hooks; this model only creates the table.
select null::varchar as raw_table, null::varchar as file, null::bigint as size, null::bigint as mtime,
       null::bigint as lines_read, null::bigint as rows_loaded, null::bigint as rows_rejected, null::timestamptz as ingested_at
where false
