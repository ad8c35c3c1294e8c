select 1 as id, 'alice' as name, 'north' as region union all select 2, 'bob', 'south'
