{# A package model: unqualified macro names look in this package first. #}
select range as day_index from range({{ days() }})
