{% snapshot customer_tiers %}
{{ config(unique_key='id', strategy='check', check_cols=['tier'], hard_deletes='invalidate') }}
select id, name, tier from {{ ref('customers') }}
{% endsnapshot %}
