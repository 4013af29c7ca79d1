#pragma once
// piccolo with the SQLite engine (links sqlite3).
#include <piccolo/engine/sqlite/database.hpp>
#include <piccolo/engine/sqlite/stream.hpp>
#include <piccolo/piccolo.hpp>
