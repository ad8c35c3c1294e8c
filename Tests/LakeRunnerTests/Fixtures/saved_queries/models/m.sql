select 1 as id, date '2024-01-01' as ordered_at, 5 as amount
