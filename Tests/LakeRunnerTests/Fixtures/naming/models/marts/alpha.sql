select count(*) as n, 'alpha' as model from {{ ref('stg_orders') }}
