select 1 as id, 'alice' as name, 'x' as legacy union all select 2, 'bob', 'y'
