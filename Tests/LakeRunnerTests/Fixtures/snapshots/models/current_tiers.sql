select id, tier from {{ ref('customer_tiers') }} where dbt_valid_to is null
