select lower(o.customer) as customer, sum(o.amount) as total, count(*) as orders,
  sum(o.amount) >= {{ var('vip_threshold') }} as vip, t.tier
from {{ ref('orders') }} as o left join {{ ref('tiers') }} as t on lower(o.customer) = t.customer
group by 1, t.tier
