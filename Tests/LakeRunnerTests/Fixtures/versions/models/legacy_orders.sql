select id * 10 as order_id, legacy from {{ ref('dim_customers', version=1) }}
