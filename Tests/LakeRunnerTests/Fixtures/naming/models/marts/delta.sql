{{ config(alias='delta_renamed') }}
select sum(amount) as total from {{ ref('stg_orders') }}
