{#- A dict keyed by a relation (dbt_utils.union_relations does this), set(), and a var holding Jinja. -#}
{%- set columns = {} -%}
{%- do columns.update({ref('a'): []}) -%}
{%- do columns[ref('a')].append('id') -%}
select {{ columns[ref('a')] | length }} as keyed, '{{ set(["b", "a", "b"]) | sort | join(",") }}' as distinct_names,
       {{ var('rules_limit') | int }} as rules_limit
