select user_id, gpu_hours, cost_cents from {{ ref('usage_file') }}
