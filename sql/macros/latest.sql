{#
  latest_per_key(relation, keys, order): one row of `relation` per value of `keys` (a column or a
  list of columns): the first by `order`; for bronze, '_source_file desc', the latest file's.

  The same rows as `qualify row_number() over (partition by keys order by order) = 1`, without
  ranking every row: a key repeats only when a file brings news of it, so only repeated keys' rows
  are ranked, and the rest pass through after one grouping of the keys. Ranking all 7.5M instances
  was most of silver's time and memory at full scale (21 s and 3.4 GB against 9 s and 1.1 GB).
  Keys match as `is not distinct from`, so NULL keys are one group, as in the window. Rows that
  tie on `order` (one key twice in one file) go to the greatest row as a whole, so every build,
  full or incremental, keeps the same one.
#}
{% macro latest_per_key(relation, keys, order='_source_file desc') -%}
{%- set keys = [keys] if keys is string else keys -%}
{%- set same_key -%}
    {%- for key in keys %}b.{{ key }} is not distinct from r.{{ key }}{{ ' and ' if not loop.last }}{% endfor -%}
{%- endset -%}
(
    with repeated as (select {{ keys | join(', ') }} from {{ relation }} group by all having count(*) > 1)
    select b.* from {{ relation }} b anti join repeated r on {{ same_key }}
    union all
    (select b.* from {{ relation }} b semi join repeated r on {{ same_key }}
     qualify row_number() over (partition by {% for key in keys %}b.{{ key }}{{ ', ' if not loop.last }}{% endfor %} order by {{ order }}, b desc) = 1)
)
{%- endmacro %}

{#
  latest_of_touched(relation, changed, keys, touched, same_touched): latest_per_key's rows for the
  keys in `touched` alone (a model's recomputed keys; `same_touched` matches b, a row of
  `relation`, to c, a touched key), where `changed` is relation's change feed (changes()).

  A touched key's rows are mostly the ones the feed brought, which it holds whole. So `relation`
  is read narrow: of every row, its keys, _source_file and rowid, to find each key's latest file;
  the winning rows come from the feed, and only a row that wins from an older file (one that
  arrived before a newer one) is read whole from `relation`, by rowid. Reading the touched keys'
  whole rows from a 10M-row bronze table was 0.7 s of an hourly run at full scale; the narrow
  columns are 0.3 s. The same rows as latest_per_key, ties included: tied rows are all read whole.
#}
{% macro latest_of_touched(relation, changed, keys, touched, same_touched) -%}
{%- set keys = [keys] if keys is string else keys -%}
(
    with __lake_candidates as materialized (
        select b.rowid as __lake_rowid, {% for key in keys %}b.{{ key }}, {% endfor %}b._source_file
        from {{ relation }} b semi join {{ touched }} c on {{ same_touched }}
    ),
    __lake_winners as materialized (
        select __lake_rowid from __lake_candidates
        qualify rank() over (partition by {{ keys | join(', ') }} order by _source_file desc) = 1
    ),
    -- An update's new image keeps its rowid; the latest image of a row is the row now.
    __lake_from_feed as materialized (
        select c.* exclude (snapshot_id, rowid, change_type), c.rowid as __lake_rowid
        from {{ changed }} c semi join __lake_winners w on w.__lake_rowid = c.rowid
        where c.change_type in ('insert', 'update_postimage')
        qualify row_number() over (partition by c.rowid order by c.snapshot_id desc) = 1
    ),
    __lake_rows as (
        select * exclude (__lake_rowid) from __lake_from_feed
        union all
        select b.* from {{ relation }} b
        semi join (select __lake_rowid from __lake_winners anti join __lake_from_feed using (__lake_rowid)) o on b.rowid = o.__lake_rowid
    )
    select b.* from __lake_rows b
    qualify row_number() over (partition by {% for key in keys %}b.{{ key }}{{ ', ' if not loop.last }}{% endfor %} order by b._source_file desc, b desc) = 1
)
{%- endmacro %}
