select count(*) as n, 'beta' as model from {{ ref('stg_orders') }}
