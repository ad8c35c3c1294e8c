{{ config(materialized='copy_table') }}
select 1 as id
