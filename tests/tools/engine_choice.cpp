// Which engine a --db text names (pc::cli::engine_of), checked at compile time.

#include <piccolo/cli/database_option.hpp>

namespace {
using piccolo::cli::engine;
using piccolo::cli::engine_of;

static_assert(engine_of("app.sqlite") == engine::sqlite);
static_assert(engine_of("/var/lib/app/db.sqlite3") == engine::sqlite);
static_assert(engine_of(":memory:") == engine::sqlite);
static_assert(engine_of("file:app.db?mode=ro&cache=shared") == engine::sqlite);
static_assert(engine_of("data/a=b.sqlite") == engine::sqlite);  // the '=' comes after a '/'
static_assert(engine_of("postgres://me@localhost/app") == engine::postgres);
static_assert(engine_of("postgresql://localhost:5432/app?sslmode=disable") == engine::postgres);
static_assert(engine_of("host=127.0.0.1 port=5432 dbname=app") == engine::postgres);
static_assert(engine_of("dbname=app") == engine::postgres);
}  // namespace
