select count(*) as n, 'gamma' as model from {{ ref('stg_orders') }}
