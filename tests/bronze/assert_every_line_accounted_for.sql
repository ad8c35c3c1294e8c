-- Every line read was either loaded or rejected: nothing is dropped silently.
select raw_table, file, lines_read, rows_loaded, rows_rejected
from {{ ref('bronze_ingested_files') }}
where lines_read != rows_loaded + rows_rejected
