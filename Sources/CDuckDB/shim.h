#include <duckdb.h>
