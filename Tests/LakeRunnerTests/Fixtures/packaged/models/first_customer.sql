select {{ dbt.any_value('customer') }} as customer, count(*) as days
from {{ ref('fleet_calendar') }} join {{ ref('orders') }} on true
