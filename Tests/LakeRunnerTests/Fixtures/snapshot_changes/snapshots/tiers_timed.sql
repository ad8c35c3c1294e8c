{% snapshot tiers_timed %}
{{ config(unique_key=['id', 'name'], strategy='check', check_cols=['tier'], updated_at='updated_at') }}
select * from {{ ref('customers') }}
{% endsnapshot %}
