{% snapshot customers_deletions %}
{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='new_record') }}
select * from {{ ref('customers') }}
{% endsnapshot %}
