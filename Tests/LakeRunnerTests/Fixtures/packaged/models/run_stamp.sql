select '{{ invocation_id }}' as invocation
