{#
  Models that recompute only what changed upstream.

  changes(ref('x')) (lake's) reads the rows of x inserted or deleted since this model last read it:
  DuckLake's change feed from the snapshot the model's previous build started from (its commit
  records it) to now, with change_type, snapshot_id and rowid before x's columns. A model keyed by
  some columns recomputes the keys those changes touch: a pre-hook works them out once and deletes
  them, the query brings their rows back from the parents as they are now, and a key gone from
  the parents stays deleted, so the result is a full refresh's. When the lake cannot say what
  changed (no earlier build recorded where it stopped, expired snapshots, a parent built anew),
  changes() reads every row of the parent and lake empties the model first.

  recompute_changed(keys, touched): makes the model incremental on `keys` (a column or a list) and
  returns the table of touched keys for its query to read when is_incremental(). `touched` is the
  text of a query of those keys, written as a template since it runs as a hook, e.g.
  "select start_ts::date as dt from {{ changes(ref('silver_jobs')) }}".
#}
{% macro recompute_changed(keys, touched) -%}
{%- set keys = [keys] if keys is string else keys -%}
{%- set table = 'temp.main.__lake_touched_' ~ this.identifier -%}
{%- set matches = [] -%}
{%- for key in keys -%}
    {%- do matches.append('t.' ~ key ~ ' is not distinct from touched.' ~ key) -%}
{%- endfor -%}
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook=['{% if is_incremental() %}create or replace temp table __lake_touched_{{ this.identifier }} as select distinct * from ('
                        ~ touched ~ '){% endif %}',
                    '{% if is_incremental() %}delete from {{ this }} as t using ' ~ table ~ ' as touched where ' ~ matches | join(' and ') ~ '{% endif %}'],
          post_hook=['drop table if exists ' ~ table]) }}
{{- return(table) -}}
{%- endmacro %}

{#
  latest_changed(parent, parent_keys, keys): the latest row of ref(parent) for each value of
  parent_keys (latest_per_key), in a model keyed by `keys` (the same columns, renamed) that
  recomputes only the keys whose rows changed (latest_of_touched).
#}
{% macro latest_changed(parent, parent_keys, keys) -%}
{%- set parent_keys = [parent_keys] if parent_keys is string else parent_keys -%}
{%- set keys = [keys] if keys is string else keys -%}
{%- set renamed = [] -%}
{%- set matches = [] -%}
{%- for key in parent_keys -%}
    {%- do renamed.append(key ~ ' as ' ~ keys[loop.index0]) -%}
    {%- do matches.append('b.' ~ key ~ ' is not distinct from c.' ~ keys[loop.index0]) -%}
{%- endfor -%}
{%- set touched = recompute_changed(keys, 'select ' ~ renamed | join(', ') ~ " from {{ changes(ref('" ~ parent ~ "')) }}") -%}
{%- if is_incremental() -%}
    {{- return(latest_of_touched(ref(parent), changes(ref(parent)), parent_keys, touched, matches | join(' and '))) -}}
{%- else -%}
    {{- return(latest_per_key(ref(parent), parent_keys)) -}}
{%- endif -%}
{%- endmacro %}
