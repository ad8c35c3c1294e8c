{{ config(materialized='table') }} select 2 as id, -1 as qty
