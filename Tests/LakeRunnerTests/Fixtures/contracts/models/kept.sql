{{ config(materialized='table') }} select 'a' as name, cast(1 as integer) as id
