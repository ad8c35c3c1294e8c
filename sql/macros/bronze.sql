{#
  bronze_csv(raw_table, columns): one raw trace table from data_raw/ as typed rows.

  lake reads the raw files where this model runs (never while it compiles), as the model's
  `raw_files` config asks: data_raw/<raw_table>.csv (or .csv.gz, .csv.zst, a .tar.gz or .zip of
  CSVs) and everything under data_raw/<raw_table>/, any depth, any letter case. It names each file
  by its content (a hash taken while reading it), checks every line, and leaves its plan in
  temp.lake_raw_files, temp.lake_raw_rejects and the variable lake_raw_paths: the files for one
  headerless read_csv (a header or a rejected line is left empty in a staged copy, which keeps
  the line numbers). Nothing is dropped or loaded silently:
    - a copy or rename of a file already ingested adds nothing (status 'duplicate', same_as names
      the original); a file whose content changed replaces its rows; a file that left data_raw/
      keeps its rows (`lake ingest --forget FILE` retracts them);
    - lines lake rejects (bad encoding, NUL and control bytes, over-long lines, quote characters
      the trace never writes, the wrong number of fields, nan/inf, fractions in whole-number
      columns, a last line without its line break, a header in mid-file) and lines DuckDB cannot
      cast go to bronze_rejects with file, line and reason; the good lines of the file load;
    - a file with nothing of the table's shape is quarantined: one bronze_rejects row for it;
    - blank lines are counted, so bronze_ingested_files holds read = loaded + rejected + blank.
  --full-refresh reads every raw file again, but never empties the table (full_refresh=false):
  rows of files that left data_raw/ stay. A table's rows, its log rows and its rejects are written
  by one transaction: they commit together or not at all.
#}
{% macro bronze_csv(raw_table, columns) %}
{%- set names = [] -%}
{%- set types = {} -%}
{%- for column in columns -%}
    {%- set parts = column.split(' ', 1) -%}
    {%- do names.append(parts[0]) -%}
    {%- do types.update({parts[0]: parts[1]}) -%}
{%- endfor -%}
{%- set column_spec -%}
    { {%- for name in names %}'{{ name }}': '{{ types[name] }}'{{ ', ' if not loop.last }}{% endfor -%} }
{%- endset -%}
{#- Hooks render where the model runs, so they name the logs as templates. -#}
{%- set log = "{{ ref('bronze_ingested_files') }}" -%}
{%- set rejects = "{{ ref('bronze_rejects') }}" -%}
{%- set table = "'" ~ raw_table ~ "'" -%}
{#- Appended: the pre-hooks below delete the rows of every file this run reads again, replaces or retracts. -#}
{{ config(full_refresh=false, incremental_strategy='append',
          raw_files={'table': raw_table, 'location': 'data_raw/' ~ raw_table, 'columns': columns, 'log': 'bronze_ingested_files', 'rejects': 'bronze_rejects'}) }}

{#- Before the rows load: the files this run reads, replaces or retracts lose their old rows, rejects and log entries. -#}
{%- set pre = ["drop table if exists temp.rejects_" ~ raw_table, "drop table if exists temp.rejects_scan_" ~ raw_table] -%}
{%- if is_incremental() -%}
    {%- do pre.append("delete from {{ this }} where _source_file in (select file from temp.lake_raw_files where action <> 'refresh')") -%}
{%- endif -%}
{%- do pre.append("delete from " ~ rejects ~ " where raw_table = " ~ table ~ " and file in (select file from temp.lake_raw_files where action <> 'refresh')") -%}
{%- do pre.append("delete from " ~ log ~ " where raw_table = " ~ table ~ " and file in (select file from temp.lake_raw_files where action <> 'refresh')") -%}
{%- do pre.append("update " ~ log ~ " as l set size = f.size, mtime_ns = f.mtime_ns, ctime_ns = f.ctime_ns, same_as = f.same_as, checked_at = now() from temp.lake_raw_files f "
                  ~ "where l.raw_table = " ~ table ~ " and l.file = f.file and f.action = 'refresh'") -%}

{#- After: the rejected lines (lake's and DuckDB's casts) and each file's accounting. -#}
{%- set post = ["insert into " ~ rejects ~ " select " ~ table ~ ", file, line, error_type, column_name, csv_line, error_message, now() "
                ~ "from temp.lake_raw_rejects order by file, line"] -%}
{%- do post.append("insert into " ~ rejects ~ " select distinct on (f.file, e.line) " ~ table ~ ", f.file, e.line, e.error_type::varchar, "
    ~ "e.column_name, e.csv_line, e.error_message, now() from temp.rejects_" ~ raw_table ~ " e "
    ~ "join temp.rejects_scan_" ~ raw_table ~ " s using (scan_id, file_id) "
    ~ "join temp.lake_raw_files f on f.read_path = s.file_path order by f.file, e.line") -%}
{%- do post.append("insert into " ~ log ~ " select " ~ table ~ ", f.file, f.content_hash, f.size, f.mtime_ns, f.ctime_ns, f.status, f.same_as, "
    ~ "f.lines_read, f.lines_blank, coalesce(l.loaded, 0), "
    ~ "case when f.status = 'quarantined' then f.rejected_by_lake else coalesce(r.rejected, 0) end, f.reason, now(), now() "
    ~ "from temp.lake_raw_files f "
    ~ "left join (select _source_file, count(*) as loaded from {{ this }} "
    ~ "where _source_file in (select file from temp.lake_raw_files where action not in ('refresh', 'forgotten')) group by all) l on l._source_file = f.file "
    ~ "left join (select file, count(distinct line) as rejected from " ~ rejects ~ " where raw_table = " ~ table
    ~ " and file in (select file from temp.lake_raw_files where action not in ('refresh', 'forgotten')) group by all) r on r.file = f.file "
    ~ "where f.action not in ('refresh', 'forgotten') order by f.file") -%}
{{ config(pre_hook=pre, post_hook=post) }}

-- The hooks write both logs, so both must exist before this model runs.
-- depends_on: {{ ref('bronze_ingested_files') }} {{ ref('bronze_rejects') }}
select {% for name in names %}r.{{ adapter.quote(name) }}, {% endfor %}f.file as _source_file
from read_csv(getvariable('lake_raw_paths'),
        header = false, auto_detect = false, columns = {{ column_spec }}, quote = '', escape = '',
        filename = true, store_rejects = true, rejects_table = 'rejects_{{ raw_table }}', rejects_scan = 'rejects_scan_{{ raw_table }}') r
join temp.lake_raw_files f on f.read_path = r.filename
{% endmacro %}
