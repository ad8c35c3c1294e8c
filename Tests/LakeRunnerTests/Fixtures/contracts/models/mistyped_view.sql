select 1.5 as id
