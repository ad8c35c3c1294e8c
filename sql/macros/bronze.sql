{#
  bronze_csv(raw_table, columns): one raw trace table from data_raw/ as typed rows.

  Reads data_raw/<raw_table>.csv and data_raw/<raw_table>/*.csv with DuckDB's read_csv, explicit
  column names and types, and a header row detected per file (the original trace has none, some
  mirrors add one). Nothing is dropped or loaded silently:
    - lines DuckDB cannot parse (wrong field count, unparsable numbers, bad encoding) go to
      bronze_rejects through store_rejects, with file, line and error;
    - the trace never quotes a field, so a line with a quote character is broken quoting: it is
      kept out and recorded in bronze_rejects too;
    - every file's lines are counted, so bronze_ingested_files holds read = loaded + rejected.
  Incremental: files already ingested (same name, size and modification time) are skipped; a file
  that changed replaces its rows. --full-refresh ingests everything again. The models calling it are
  incremental tables keyed by _source_file (partition_by='_source_file' would give each raw file its
  own data files; on the 2-core machine it made the full refresh slower, so it is not set). A
  table's rows, its log rows and its rejects are written by one transaction: they commit together
  or not at all.
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
{%- set one_line = "header = false, auto_detect = false, columns = {'line': 'VARCHAR'}, delim = chr(31), quote = '', escape = ''" -%}

{#- Every raw file, with what identifies a version of it. -#}
{#- Absolute paths: DuckDB resolves relative ones against the process's working directory. -#}
{%- set raw = target.project_dir ~ '/data_raw/' ~ raw_table -%}
{%- set globbed = run_query("select file from glob('" ~ raw ~ ".csv') union all select file from glob('" ~ raw ~ "/*.csv') order by 1") -%}
{%- if globbed.rows | length == 0 -%}
    {{ exceptions.raise_compiler_error("no raw files for " ~ raw_table ~ ": expected data_raw/" ~ raw_table ~ ".csv or data_raw/" ~ raw_table ~ "/*.csv") }}
{%- endif -%}
{%- set found = run_query(
    "select regexp_extract(filename, '(data_raw/.*)$', 1) as file, filename as path, size, epoch(last_modified)::bigint as mtime "
    ~ "from read_blob([" ~ globbed.columns[0].values() | map('tojson') | join(', ') | replace('\"', "'") ~ "]) order by file") -%}

{#- The hooks below write both logs, so both must exist before this model runs. -#}
-- depends_on: {{ ref('bronze_ingested_files') }} {{ ref('bronze_rejects') }}
{%- set ingested = [] -%}
{%- if is_incremental() -%}
    {%- set log = run_query("select file, size, mtime from " ~ ref('bronze_ingested_files') ~ " where raw_table = '" ~ raw_table ~ "'") -%}
    {%- for row in log.rows %}{% do ingested.append(row[0] ~ '|' ~ row[1] ~ '|' ~ row[2]) %}{% endfor -%}
{%- endif -%}

{%- set with_header = [] -%}
{%- set without_header = [] -%}
{%- set new_files = [] -%}
{%- for file in found.rows if (file.file ~ '|' ~ file.size ~ '|' ~ file.mtime) not in ingested -%}
    {%- do new_files.append(file) -%}
    {%- set first = run_query("select line from read_csv('" ~ file.path ~ "', " ~ one_line ~ ") limit 1") -%}
    {%- if first.rows | length > 0 and first.rows[0][0].startswith(names[0] ~ ',') -%}
        {%- do with_header.append(file) -%}
    {%- else -%}
        {%- do without_header.append(file) -%}
    {%- endif -%}
{%- endfor -%}

{#- Before the files are read: this run's rejects start empty; a refresh forgets earlier runs. -#}
{%- set pre = ["drop table if exists temp.rejects_" ~ raw_table ~ "_h", "drop table if exists temp.rejects_scan_" ~ raw_table ~ "_h",
               "drop table if exists temp.rejects_" ~ raw_table ~ "_n", "drop table if exists temp.rejects_scan_" ~ raw_table ~ "_n"] -%}
{%- if not is_incremental() -%}
    {%- do pre.append("delete from {{ ref('bronze_ingested_files') }} where raw_table = '" ~ raw_table ~ "'") -%}
    {%- do pre.append("delete from {{ ref('bronze_rejects') }} where raw_table = '" ~ raw_table ~ "'") -%}
{%- endif -%}

{#- After the file is written: rejects and the accounting of every new file. -#}
{%- set post = [] -%}
{%- for file in new_files -%}
    {%- do post.append("delete from {{ ref('bronze_rejects') }} where raw_table = '" ~ raw_table ~ "' and file = '" ~ file.file ~ "'") -%}
    {%- do post.append("delete from {{ ref('bronze_ingested_files') }} where raw_table = '" ~ raw_table ~ "' and file = '" ~ file.file ~ "'") -%}
{%- endfor -%}
{%- for suffix, group in [('h', with_header), ('n', without_header)] if group | length > 0 -%}
    {%- do post.append(
        "insert into {{ ref('bronze_rejects') }} select distinct on (s.file_path, e.line) '" ~ raw_table ~ "', "
        ~ "regexp_extract(s.file_path, '(data_raw/.*)$', 1), e.line, e.error_type::varchar, e.column_name, e.csv_line, e.error_message, now() "
        ~ "from temp.rejects_" ~ raw_table ~ "_" ~ suffix ~ " e join temp.rejects_scan_" ~ raw_table ~ "_" ~ suffix ~ " s using (scan_id, file_id) "
        ~ "order by s.file_path, e.line") -%}
{%- endfor -%}
{%- for file in new_files -%}
    {%- set header_lines = 1 if file in with_header else 0 -%}
    {#- One scan of the file's raw lines gives both its line count and its broken-quoting lines. -#}
    {%- do post.append(
        "create or replace temp table line_audit as select count(*) as lines, "
        ~ "coalesce(list({'line': n, 'text': line}) filter (where contains(line, '\"')), []) as quoted "
        ~ "from (select row_number() over () as n, line from read_csv('" ~ file.path ~ "', " ~ one_line ~ "))") -%}
    {%- do post.append(
        "insert into {{ ref('bronze_rejects') }} select '" ~ raw_table ~ "', '" ~ file.file ~ "', q.line, 'BROKEN QUOTING', null, q.text, "
        ~ "'a field holds a quote character; the trace format never quotes', now() "
        ~ "from (select unnest(quoted) as q from temp.line_audit)") -%}
    {%- do post.append(
        "insert into {{ ref('bronze_ingested_files') }} select '" ~ raw_table ~ "', '" ~ file.file ~ "', " ~ file.size ~ ", " ~ file.mtime ~ ", "
        ~ "(select lines from temp.line_audit) - " ~ header_lines ~ ", "
        ~ "(select count(*) from {{ this }} where _source_file = '" ~ file.file ~ "'), "
        ~ "(select count(distinct line) from {{ ref('bronze_rejects') }} where raw_table = '" ~ raw_table ~ "' and file = '" ~ file.file ~ "'), now()") -%}
{%- endfor -%}
{%- if new_files | length > 0 -%}{%- do post.append("drop table if exists temp.line_audit") -%}{%- endif -%}
{{ config(pre_hook=pre, post_hook=post) }}

{%- set parts = [] -%}
{%- for suffix, group, header in [('h', with_header, 'true'), ('n', without_header, 'false')] if group | length > 0 -%}
    {%- set part -%}
select {% for name in names %}{{ adapter.quote(name) }}, {% endfor %}regexp_extract(filename, '(data_raw/.*)$', 1) as _source_file
from read_csv([{% for file in group %}'{{ file.path }}'{{ ', ' if not loop.last }}{% endfor %}],
    header = {{ header }}, auto_detect = false, columns = {{ column_spec }}, quote = '', escape = '',
    filename = true, store_rejects = true,
    rejects_table = 'rejects_{{ raw_table }}_{{ suffix }}', rejects_scan = 'rejects_scan_{{ raw_table }}_{{ suffix }}')
where not ({% for name in names if types[name] == 'VARCHAR' %}coalesce(contains({{ adapter.quote(name) }}, '"'), false){{ ' or ' if not loop.last }}{% endfor %})
    {%- endset -%}
    {%- do parts.append(part) -%}
{%- endfor -%}
{%- if parts | length == 0 %}
-- Every file is already ingested: no new rows.
select {% for name in names %}null::{{ types[name] }} as {{ adapter.quote(name) }}, {% endfor %}null::varchar as _source_file where false
{%- else %}
{{ parts | join('\nunion all\n') }}
{%- endif %}
{% endmacro %}
