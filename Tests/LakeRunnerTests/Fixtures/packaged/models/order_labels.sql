-- depends_on: {{ ref('orders') }}
select
  id,
  {{ fleet_utils.cents('amount') }} as amount_cents,
  {{ fleet_utils.label('customer') }} as customer_label,
  {{ fleet_utils.shout('customer') }} as customer_shout,
  {{ dbt.dateadd('month', 1, 'ordered_at') }} as next_month,
  {{ dbt.datediff("'2024-01-01'", 'ordered_at', 'day') }} as days_in,
  cast(id as {{ dbt.type_string() }}) as id_text,
  {{ order_count() }} as order_count,
  {% if some_flag_nobody_set %}'flag set'{% else %}'flag unset'{% endif %} as flag
from (select {{ column_list(ref('orders')) }} from {{ ref('orders') }})
