{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='day_start', batch_size='day',
          begin='2024-01-01', lookback=1) }}
select date_trunc('day', event_at) as day_start, count(*) as events, sum(amount) as amount
from {{ ref('events') }}
group by 1
