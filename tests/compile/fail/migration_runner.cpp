// The migration runner given something that is not a connection: a transaction object
// or a pool (its migrations each need a transaction of their own on one connection).

// piccolo-expect: FORWARDS_ON_A_TRANSACTION | piccolo: migrate_forwards..: the first argument is not a connection
// piccolo-expect: BACKWARDS_ON_A_POOL | piccolo: migrate_backwards..: the first argument is not a connection
// piccolo-expect: STATUSES_OF_NOT_A_DATABASE | piccolo: migration_statuses..: the first argument is not a connection
// piccolo-expect: CHECK_OF_NOT_A_DATABASE | piccolo: check_migrations..: the first argument is not a connection

#include <piccolo/migrate.hpp>
#include <piccolo/postgres.hpp>
#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite.hpp>

namespace pc = piccolo;

namespace broken {

[[maybe_unused]] void check(pc::sqlite::database& db, pc::postgres::database& pg, pc::postgres::pool& pool) {
  const std::vector<pc::migration> all;
  (void)pc::migrate_forwards(db, all);
  (void)pc::migrate_backwards(pg, all, {.target = "all"});
  (void)pc::migration_statuses(db, all);
  (void)pc::check_migrations(pg, all, pc::schema_snapshot{});
#ifdef FORWARDS_ON_A_TRANSACTION
  auto tx = db.begin();
  (void)pc::migrate_forwards(tx, all);
#endif
#ifdef BACKWARDS_ON_A_POOL
  (void)pc::migrate_backwards(pool, all);
#endif
  int not_a_database = 0;
#ifdef STATUSES_OF_NOT_A_DATABASE
  (void)pc::migration_statuses(not_a_database, all);
#endif
#ifdef CHECK_OF_NOT_A_DATABASE
  (void)pc::check_migrations(not_a_database, all, pc::schema_snapshot{});
#endif
  (void)pool;
  (void)not_a_database;
}

}  // namespace broken
