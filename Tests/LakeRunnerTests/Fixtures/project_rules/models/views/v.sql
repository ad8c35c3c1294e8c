select count(*) as n from {{ ref('c') }}
