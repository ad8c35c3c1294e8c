select id, '{{ target.schema }}' as target_schema, '{{ model.name }}' as model_name from {{ source('raw', 'events') }}
