with orders as (
    select customer_id, count(*) as number_of_orders from {{ ref('stg_orders') }} group by 1
)
select c.customer_id, c.first_name, coalesce(o.number_of_orders, 0) as number_of_orders
from {{ ref('stg_customers') }} c left join orders o using (customer_id)
