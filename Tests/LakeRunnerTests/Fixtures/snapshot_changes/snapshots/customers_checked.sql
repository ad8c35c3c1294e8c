{% snapshot customers_checked %}
{{ config(unique_key='id', strategy='check', check_cols='all', hard_deletes='new_record', dbt_valid_to_current="'9999-12-31'::timestamp") }}
select * from {{ ref('customers') }}
{% endsnapshot %}
