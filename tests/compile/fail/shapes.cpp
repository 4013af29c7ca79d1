// Query shapes that bound values with no place in the text, is_in / not_in on columns
// that cannot be listed, an empty returning(), and a query whose text and bound values
// disagree on the number of parameters (caught by every engine's run()).

// piccolo-expect: LIMIT_AFTER_FIRST | piccolo: limit..: first.. already limits the query to one row
// piccolo-expect: LIMIT_TWICE | piccolo: limit..: the query has a limit already
// piccolo-expect: OFFSET_TWICE | piccolo: offset..: the query has an offset already
// piccolo-expect: COUNT_LIMIT_TWICE | piccolo: limit..: the query has a limit already
// piccolo-expect: IS_IN_TIMESTAMP | piccolo: is_in..: the column is a timestamp, date, bytes or JSON column
// piccolo-expect: IS_IN_DATE | piccolo: is_in..: the column is a timestamp, date, bytes or JSON column
// piccolo-expect: IS_IN_BYTES | piccolo: is_in..: the column is a timestamp, date, bytes or JSON column. is_in.. takes integer, real, text, enum, uuid, numeric, time-of-day and interval columns
// piccolo-expect: IS_IN_BOOL | piccolo: is_in..: the column is boolean
// piccolo-expect: NOT_IN_TIMESTAMP | piccolo: not_in..: the column is a timestamp, date, bytes or JSON column
// piccolo-expect: NOT_IN_BOOL | piccolo: not_in..: the column is boolean
// piccolo-expect: UPDATE_RETURNING_NOTHING | piccolo: returning..: name at least one column
// piccolo-expect: DELETE_RETURNING_NOTHING | piccolo: returning..: name at least one column
// piccolo-expect: INSERT_RETURNING_NOTHING | piccolo: returning..: name at least one column
// piccolo-expect: SQLITE_RUN_PARAMETER_MISMATCH | piccolo: run..: the query binds a different number of values than its text has parameters
// piccolo-expect: POSTGRES_RUN_PARAMETER_MISMATCH | piccolo: run..: the query binds a different number of values than its text has parameters
// piccolo-expect: ASYNC_RUN_PARAMETER_MISMATCH | piccolo: run..: the query binds a different number of values than its text has parameters

#include <chrono>
#include <cstddef>
#include <vector>

#include <boost/asio/detached.hpp>

#include <piccolo/postgres.hpp>
#include <piccolo/sqlite.hpp>
#include <piccolo/sqlite_async.hpp>

#include "../schema.hpp"

using namespace music;

void limits() {
  (void)pc::objects<Band>().offset(2).first();
  (void)pc::objects<Band>().limit(5).offset(2);
  (void)pc::select(c<&Band::name>).limit(3).first();
#ifdef LIMIT_AFTER_FIRST
  (void)pc::objects<Band>().offset(2).first().limit(5);
#endif
#ifdef LIMIT_TWICE
  (void)pc::objects<Band>().limit(5).offset(1).limit(6);
#endif
#ifdef OFFSET_TWICE
  (void)pc::select(c<&Band::name>).offset(1).limit(5).offset(2);
#endif
#ifdef COUNT_LIMIT_TWICE
  (void)pc::count<Band>().limit(1).limit(2);
#endif
}

void lists() {
  using time = std::chrono::sys_time<std::chrono::microseconds>;
  (void)c<&Band::popularity>.is_in({1, 2});
  (void)c<&Ticket::genre>.not_in({Genre::rock});
  (void)(c<&Ticket::sold> == true);
#ifdef IS_IN_TIMESTAMP
  (void)c<&Concert::starts>.is_in({time{}, time{}});
#endif
#ifdef IS_IN_DATE
  (void)c<&Concert::day>.is_in(std::vector<std::chrono::year_month_day>{});
#endif
#ifdef IS_IN_BYTES
  (void)c<&AllTypes::data>.is_in(std::vector<std::vector<std::byte>>{});
#endif
#ifdef IS_IN_BOOL
  (void)c<&Ticket::sold>.is_in({true});
#endif
#ifdef NOT_IN_TIMESTAMP
  (void)c<&Concert::starts>.not_in({time{}});
#endif
#ifdef NOT_IN_BOOL
  (void)c<&Ticket::sold>.not_in({false});
#endif
}

void empty_returning() {
  (void)pc::update<Band>().set(c<&Band::popularity> = 1).force().returning(c<&Band::id>);
#ifdef UPDATE_RETURNING_NOTHING
  (void)pc::update<Band>().set(c<&Band::popularity> = 1).force().returning();
#endif
#ifdef DELETE_RETURNING_NOTHING
  (void)pc::delete_from<Band>().where(c<&Band::id> == 1).returning();
#endif
#ifdef INSERT_RETURNING_NOTHING
  (void)pc::insert(Band{}).returning();
#endif
}

// A hand-written query whose text has two parameters and which binds one.
struct one_parameter_too_many {
  static constexpr pc::result_kind kind = pc::result_kind::affected;
  using result_type = std::int64_t;
  using row_type = std::int64_t;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
#ifdef SQLITE_RUN_PARAMETER_MISMATCH
#define PARAMETER_MISMATCH
#endif
#ifdef POSTGRES_RUN_PARAMETER_MISMATCH
#define PARAMETER_MISMATCH
#endif
#ifdef ASYNC_RUN_PARAMETER_MISMATCH
#define PARAMETER_MISMATCH
#endif
#ifdef PARAMETER_MISMATCH
  static constexpr int parameters = 1;
  static constexpr void render(pc::sql_writer& w) { w.put("SELECT ").parameter().put(" + ").parameter(); }
#else
  static constexpr int parameters = 1;
  static constexpr void render(pc::sql_writer& w) { w.put("SELECT ").parameter(); }
#endif
  template <class Reader>
  static std::int64_t read_row(Reader& r) {
    return r.read_int64(0);
  }
  template <class F>
  void for_each_binding(F&& f) const {
    pc::value_view values[1] = {pc::value_view::from_int(1)};
    f(static_cast<const pc::value_view*>(values));
  }
};

void run(pc::sqlite::database& lite, pc::postgres::database& pg) {
  (void)lite;
  (void)pg;
#ifdef SQLITE_RUN_PARAMETER_MISMATCH
  lite.run(one_parameter_too_many{});
#endif
#ifdef POSTGRES_RUN_PARAMETER_MISMATCH
  pg.run(one_parameter_too_many{});
#endif
#ifdef ASYNC_RUN_PARAMETER_MISMATCH
  lite.async_run(one_parameter_too_many{}, boost::asio::detached);
#endif
}
