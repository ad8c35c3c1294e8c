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
  materialized=true reads `relation` once (a query of a few changed keys' rows, read three times
  otherwise); a whole table is better streamed.
#}
{% macro latest_per_key(relation, keys, order='_source_file desc', materialized=false) -%}
{%- set keys = [keys] if keys is string else keys -%}
{%- set rows = '__latest_rows' if materialized else relation -%}
{%- set same_key -%}
    {%- for key in keys %}b.{{ key }} is not distinct from r.{{ key }}{{ ' and ' if not loop.last }}{% endfor -%}
{%- endset -%}
(
    with {% if materialized %}__latest_rows as materialized (select * from {{ relation }}), {% endif -%}
    repeated as (select {{ keys | join(', ') }} from {{ rows }} group by all having count(*) > 1)
    select b.* from {{ rows }} b anti join repeated r on {{ same_key }}
    union all
    (select b.* from {{ rows }} b semi join repeated r on {{ same_key }}
     qualify row_number() over (partition by {% for key in keys %}b.{{ key }}{{ ', ' if not loop.last }}{% endfor %} order by {{ order }}, b desc) = 1)
)
{%- endmacro %}
