{% test dbt_utils_free_row_count_check(model) %}
select 1 from (select count(*) as n from {{ model }}) where n < 2
{% endtest %}
