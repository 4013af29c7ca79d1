// db.stream() of a query that returns no rows to stream: counts, single rows, writes
// (with or without RETURNING), raw() without a row type, DDL; and a PostgreSQL-only
// clause streamed from SQLite. Each entry point (SQLite, PostgreSQL, the pool) checks.

// piccolo-expect: STREAM_COUNT | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream. run.. this query instead
// piccolo-expect: STREAM_FIRST_ROW | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_INSERT_RETURNING | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_DELETE | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_RAW_WITHOUT_ROW | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_CREATE_TABLE_POSTGRES | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_EXISTS_POOL | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_UPDATE_RETURNING_POOL_ASYNC | piccolo: stream..: only select.., objects.. and raw.. with a row type return rows to stream
// piccolo-expect: STREAM_DISTINCT_ON_SQLITE | piccolo: stream..: the query uses a clause SQLite does not have

#include <string>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

using namespace music;

void streams(pc::sqlite::database& db, pc::postgres::database& pg, pc::postgres::pool& pool) {
  (void)db.stream(pc::select(c<&Band::name>), 100);
  (void)db.stream(pc::objects<Band>().where(c<&Band::id> > 1));
  (void)db.stream(pc::raw<"SELECT name FROM band WHERE id > {}", std::string>(1), 10);
  (void)pg.stream(pc::select(c<&Band::name>).distinct_on(c<&Band::name>).order_by(c<&Band::name>), 100);
  (void)pool.stream(pc::objects<Band>(), 100);
  (void)pool.async_stream(pc::select(c<&Band::name>), 100, [](pc::error_code, auto) {});
#ifdef STREAM_COUNT
  (void)db.stream(pc::count<Band>());
#endif
#ifdef STREAM_FIRST_ROW
  (void)db.stream(pc::objects<Band>().first());
#endif
#ifdef STREAM_INSERT_RETURNING
  (void)db.stream(pc::insert(Manager{.id = {}, .name = "x"}).returning(c<&Manager::id>));
#endif
#ifdef STREAM_DELETE
  (void)pg.stream(pc::delete_from<Band>().where(c<&Band::id> == 1));
#endif
#ifdef STREAM_RAW_WITHOUT_ROW
  (void)pg.stream(pc::raw<"DELETE FROM band WHERE id = {}">(1));
#endif
#ifdef STREAM_CREATE_TABLE_POSTGRES
  (void)pg.stream(pc::create_table<Band>());
#endif
#ifdef STREAM_EXISTS_POOL
  (void)pool.stream(pc::exists<Band>());
#endif
#ifdef STREAM_UPDATE_RETURNING_POOL_ASYNC
  (void)pool.async_stream(pc::update<Band>().set(c<&Band::popularity> = 1).force().returning(c<&Band::id>), 10,
                          [](pc::error_code, auto) {});
#endif
#ifdef STREAM_DISTINCT_ON_SQLITE
  (void)db.stream(pc::select(c<&Band::name>).distinct_on(c<&Band::name>).order_by(c<&Band::name>));
#endif
}
