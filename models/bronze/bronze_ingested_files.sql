{{ config(materialized='incremental', full_refresh=false, tags=['bronze', 'ingestion']) }}
-- The ingestion log: a row per raw file read, by content (content_hash; status loaded, duplicate
-- with same_as, or quarantined with the reason), with the stat it had when read and its accounting
-- (lines_read = rows_loaded + rows_rejected + lines_blank); checked_at: when lake last found the file unchanged.
-- Rows arrive through the bronze models' hooks, each in the same commit as its table's rows; this model
-- only creates the table, and --full-refresh never empties it (full_refresh=false).
select null::varchar as raw_table, null::varchar as file, null::varchar as content_hash, null::bigint as size,
       null::bigint as mtime_ns, null::bigint as ctime_ns, null::varchar as status, null::varchar as same_as,
       null::bigint as lines_read, null::bigint as lines_blank, null::bigint as rows_loaded, null::bigint as rows_rejected,
       null::varchar as reason, null::timestamptz as ingested_at,
       null::timestamptz as checked_at
where false
