#pragma once
// piccolo with the PostgreSQL engine (links libpq). The engine itself arrives with the
// PostgreSQL issue; the SQL text of every query already renders for postgres_dialect.
#include <piccolo/piccolo.hpp>
