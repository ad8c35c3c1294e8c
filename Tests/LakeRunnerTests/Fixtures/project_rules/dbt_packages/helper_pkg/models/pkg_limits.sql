select {{ var('pkg_limit') }} as pkg_limit, {{ var('pkg_offset') }} as pkg_offset
