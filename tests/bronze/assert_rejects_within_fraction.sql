-- No raw table may lose more than var('max_rejected_fraction') of its lines to rejects.
select raw_table, sum(rows_rejected) as rejected, sum(lines_read) as read,
       sum(rows_rejected) / nullif(sum(lines_read), 0) as fraction
from {{ ref('bronze_ingested_files') }}
group by raw_table
having sum(rows_rejected) > {{ var('max_rejected_fraction') }} * sum(lines_read)
