{{ config(materialized='table') }} select 1 as id, 'a' as code, 5 as qty, 1 as kept_id
