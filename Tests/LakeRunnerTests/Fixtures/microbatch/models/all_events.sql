select count(*) as events from {{ ref('events') }}
