{{ config(materialized='ephemeral') }}
select machine_id, gpu_type, gpus from {{ ref('machines') }}
