select id * 10 as order_id, id as customer_id, region from {{ ref('dim_customers') }}
