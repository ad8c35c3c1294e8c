-- A bill's total is its GPU, memory and overhead costs, to the cent's hundredth.
select bill_id, total_cost, gpu_cost, memory_cost, overhead_cost
from {{ ref('gold_billing') }}
where abs(total_cost - (gpu_cost + memory_cost + overhead_cost)) > 0.0001
   or abs(overhead_cost - (gpu_cost + memory_cost) * {{ var('cluster_overhead') }}) > 0.0001 * greatest(1, total_cost)
