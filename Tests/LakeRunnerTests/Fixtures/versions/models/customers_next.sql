select id, name, region, '{{ model.name }}/{{ model.version }}' as built_as from {{ ref('dim_customers', v=2) }}
