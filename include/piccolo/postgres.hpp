#pragma once
// piccolo with the PostgreSQL engine (links libpq).
#include <piccolo/engine/postgres/database.hpp>
#include <piccolo/engine/postgres/pool.hpp>
#include <piccolo/piccolo.hpp>
