// Values are never changed silently: an instant stays the same instant whatever the
// session's time zone, and what a C++ type or a column cannot hold (infinity, a year
// past 9999, a date that does not exist, invalid UTF-8, a value over 2 GiB, a key not
// assigned yet) is a pc::error with a named code, never a different value.

#include <limits>
#include <memory>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using micro_time = std::chrono::sys_time<std::chrono::microseconds>;
using nano_time = std::chrono::sys_time<std::chrono::nanoseconds>;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

struct Event {
  pc::serial id;
  std::string label;
  pc::timestamptz at;
  std::optional<pc::timestamptz> ends;
};

struct Stamp {
  pc::serial id;
  micro_time at{};
  std::chrono::year_month_day day{};
};

struct Tag {
  pc::serial id;
  pc::varchar<3> code;
  std::string note;
};

struct Caption {
  pc::serial id;
  pc::varchar<40> text;
};

// Created by raw DDL with wider columns than the members declare.
struct Counter {
  pc::serial id;
  int n = 0;
  float ratio = 0;
  std::int16_t small = 0;
};

template <class Engine>
class values_test : public database_test<Engine> {};
TYPED_TEST_SUITE(values_test, engines, engine_names);

micro_time instant(int y, unsigned m, unsigned d, int h, int min, int us = 0) {
  return micro_time{std::chrono::sys_days{year{y} / month{m} / day{d}}} + std::chrono::hours{h} +
         std::chrono::minutes{min} + std::chrono::microseconds{us};
}

// ---- TIMESTAMPTZ ------------------------------------------------------------------------

TYPED_TEST(values_test, timestamptz_keeps_the_instant_in_a_non_utc_session_time_zone) {
  if constexpr (!TypeParam::is_sqlite) this->db.run(pc::raw<"SET TIME ZONE 'Asia/Kolkata'">());
  this->db.run(pc::create_table<Event>());
  const micro_time first = instant(2024, 5, 1, 20, 0, 250'000);
  const micro_time second = instant(2024, 6, 1, 19, 30);
  // a single insert, a COPY batch and an unnest() batch (RETURNING)
  this->db.run(pc::insert(Event{.label = "single", .at = first, .ends = second}));
  EXPECT_EQ(this->db.run(pc::insert(Event{.label = "copy 1", .at = first}, Event{.label = "copy 2", .at = second})), 2);
  auto ids = this->db.run(pc::insert(Event{.label = "unnest 1", .at = first}, Event{.label = "unnest 2", .at = second})
                              .returning(c<&Event::id>));
  EXPECT_EQ(ids.size(), 2u);

  std::vector<Event> events = this->db.run(pc::objects<Event>().order_by(c<&Event::id>));
  ASSERT_EQ(events.size(), 5u);
  const micro_time expected[] = {first, first, second, first, second};
  for (std::size_t i = 0; i < events.size(); ++i)
    EXPECT_EQ(events[i].at.time(), expected[i]) << events[i].label;
  ASSERT_TRUE(events[0].ends.has_value());
  EXPECT_EQ(events[0].ends->time(), second);
  EXPECT_FALSE(events[1].ends.has_value());

  // where(col == t) with a plain sys_time binds as TIMESTAMPTZ: every one matches
  EXPECT_EQ(this->db.run(pc::count<Event>().where(c<&Event::at> == first)), 3);
  EXPECT_EQ(this->db.run(pc::count<Event>().where(c<&Event::at> == pc::timestamptz{second})), 2);
  EXPECT_EQ(this->db.run(pc::count<Event>().where(c<&Event::at> > first)), 2);
  std::vector<pc::timestamptz> ats = this->db.run(pc::select(c<&Event::at>).where(c<&Event::label> == "copy 2"));
  ASSERT_EQ(ats.size(), 1u);
  EXPECT_EQ(ats[0].time(), second);
  // update().set() with a sys_time
  this->db.run(pc::update<Event>().set(c<&Event::at> = second).where(c<&Event::label> == "single"));
  EXPECT_EQ(this->db.run(pc::count<Event>().where(c<&Event::at> == second)), 3);

  // the stored value is the UTC instant, as the engine itself reads it
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(this->db.run(pc::raw<"SELECT at FROM event WHERE label = 'copy 1'", std::string>()),
              std::vector<std::string>{"2024-05-01 20:00:00.250000+00:00"});
  } else {
    EXPECT_EQ(this->db.run(pc::raw<"SELECT count(*) FROM event WHERE at = '2024-05-01 20:00:00.25+00'", std::int64_t>()),
              std::vector<std::int64_t>{2});
    EXPECT_EQ(this->db.run(pc::raw<"SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM event "
                                   "WHERE label = 'copy 2'",
                                   std::string>()),
              std::vector<std::string>{"2024-06-01 19:30"});
  }
}

TYPED_TEST(values_test, timestamptz_value_compared_with_a_timestamp_column_binds_as_timestamp) {
  if constexpr (!TypeParam::is_sqlite) this->db.run(pc::raw<"SET TIME ZONE 'America/New_York'">());
  this->db.run(pc::create_table<Stamp>());
  const micro_time t = instant(2024, 1, 15, 12, 0);
  this->db.run(pc::insert(Stamp{.at = t, .day = year{2024} / 1 / 15}));
  EXPECT_EQ(this->db.run(pc::count<Stamp>().where(c<&Stamp::at> == pc::timestamptz{t})), 1);
  EXPECT_EQ(this->db.run(pc::count<Stamp>().where(c<&Stamp::at> == std::chrono::floor<std::chrono::seconds>(t))), 1);
}

TYPED_TEST(values_test, timestamptz_renders_as_its_own_column_type) {
  // checked at run time: GCC's sanitizer builds cannot compare into the static text in a constant expression
  EXPECT_NE(pc::create_table<Event>().sql<pc::postgres_dialect>().find("\"at\" TIMESTAMPTZ NOT NULL"),
            std::string_view::npos);
  this->db.run(pc::create_table<Event>());
  SUCCEED();
}

// ---- infinity and time points a C++ type cannot hold -------------------------------------

TYPED_TEST(values_test, postgres_infinity_is_out_of_range_not_a_date) {
  if constexpr (TypeParam::is_sqlite) {
    GTEST_SKIP() << "SQLite has no infinite timestamps";
  } else {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT 'infinity'::timestamp", micro_time>()), pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '-infinity'::timestamp", micro_time>()), pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT 'infinity'::timestamptz", pc::timestamptz>()),
                         pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT 'infinity'::timestamp", std::chrono::sys_seconds>()),
                         pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT 'infinity'::date", std::chrono::year_month_day>()),
                         pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '-infinity'::date", std::chrono::year_month_day>()),
                         pc::errc::out_of_range);
    // the last finite timestamps overflow microseconds since 1970: an error, not a wrapped count
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '294276-12-31 23:59:59'::timestamp", micro_time>()),
                         pc::errc::out_of_range);
    auto far = this->db.run(pc::raw<"SELECT '200000-01-01 00:00:00'::timestamp", micro_time>());
    ASSERT_EQ(far.size(), 1u);
    EXPECT_GT(far[0], micro_time{std::chrono::sys_days{year{32767} / 12 / 31}});
    // std::chrono::year ends at 32767
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '40000-01-01'::date", std::chrono::year_month_day>()),
                         pc::errc::out_of_range);
  }
}

TYPED_TEST(values_test, time_point_past_its_duration_range_is_out_of_range) {
  // a nanosecond clock ends in 2262
  if constexpr (TypeParam::is_sqlite) {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '2300-01-01 00:00:00'", nano_time>()), pc::errc::out_of_range);
    auto near = this->db.run(pc::raw<"SELECT '2200-01-01 00:00:00'", nano_time>());
    ASSERT_EQ(near.size(), 1u);
  } else {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '2300-01-01'::timestamp", nano_time>()), pc::errc::out_of_range);
    auto near = this->db.run(pc::raw<"SELECT '2200-01-01'::timestamp", nano_time>());
    ASSERT_EQ(near.size(), 1u);
  }
}

TYPED_TEST(values_test, time_point_finer_than_microseconds_is_refused_not_cut) {
  this->db.run(pc::create_table<Stamp>());
  const nano_time whole{instant(2024, 1, 1, 12, 0, 5)};
  const nano_time finer = whole + std::chrono::nanoseconds{123};
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT {}", std::int64_t>(finer)), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Stamp>().where(c<&Stamp::at> > finer)), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Stamp>().where(c<&Stamp::at> > whole)), 0);
}

// ---- dates beyond four year digits, and dates that do not exist ---------------------------

TYPED_TEST(values_test, time_points_outside_years_0_to_9999_are_refused_or_kept_never_clamped) {
  this->db.run(pc::create_table<Stamp>());
  const micro_time late = micro_time{std::chrono::sys_days{year{10000} / 1 / 2}};
  const micro_time early = micro_time{std::chrono::sys_days{year{-1} / 12 / 31}};
  const auto late_day = year{10000} / 1 / 2;
  const auto ok_day = year{2024} / 1 / 2;
  if constexpr (TypeParam::is_sqlite) {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Stamp{.at = late, .day = ok_day})), pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Stamp{.at = early, .day = ok_day})), pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Stamp{.at = instant(2024, 1, 1, 0, 0), .day = late_day})),
                         pc::errc::out_of_range);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Stamp>().where(c<&Stamp::at> < late)), pc::errc::out_of_range);
    EXPECT_EQ(this->db.run(pc::count<Stamp>()), 0);
  } else {
    // PostgreSQL holds them: they come back unchanged
    this->db.run(pc::insert(Stamp{.at = late, .day = late_day}));
    auto back = this->db.run(pc::objects<Stamp>());
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].at, late);
    EXPECT_EQ(back[0].day, late_day);
  }
  // the limits themselves are stored and read back on every engine
  const micro_time first = micro_time{std::chrono::sys_days{year{0} / 1 / 1}};
  const micro_time last = micro_time{std::chrono::sys_days{year{9999} / 12 / 31}} + std::chrono::hours{23} +
                          std::chrono::minutes{59} + std::chrono::microseconds{59'999'999};
  this->db.run(pc::insert(Stamp{.at = first, .day = year{0} / 1 / 1}, Stamp{.at = last, .day = year{9999} / 12 / 31}));
  auto limits = this->db.run(pc::select(c<&Stamp::at>).where(c<&Stamp::at> <= last).order_by(c<&Stamp::at>));
  EXPECT_EQ(limits, (std::vector<micro_time>{first, last}));
}

TYPED_TEST(values_test, invalid_year_month_day_is_refused) {
  this->db.run(pc::create_table<Stamp>());
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Stamp{.day = year{2023} / 2 / 31})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Stamp>()), 0);
}

TYPED_TEST(values_test, sqlite_date_that_does_not_exist_is_an_error_when_read) {
  if constexpr (!TypeParam::is_sqlite) {
    GTEST_SKIP() << "PostgreSQL refuses 2023-02-31 itself";
  } else {
    this->db.run(pc::create_table<Stamp>());
    this->db.run(pc::raw<"INSERT INTO stamp (at, day) VALUES ('2023-02-28 10:00:00', '2023-02-31')">());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Stamp>()), pc::errc::type_mismatch);
    this->db.run(pc::raw<"UPDATE stamp SET at = '2023-02-29 10:00:00', day = '2023-02-28'">());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Stamp>()), pc::errc::type_mismatch);
    this->db.run(pc::raw<"UPDATE stamp SET at = '2024-02-29 10:00:00', day = '2024-02-29'">());
    auto back = this->db.run(pc::objects<Stamp>());
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].day, year{2024} / 2 / 29);
    EXPECT_EQ(back[0].at, instant(2024, 2, 29, 10, 0));
  }
}

// ---- text -----------------------------------------------------------------------------------

TYPED_TEST(values_test, varchar_refuses_invalid_utf8_instead_of_counting_fewer_characters) {
  this->db.run(pc::create_table<Tag>());
  // five stray continuation bytes used to count as zero characters
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "\x80\x80\x80\x80\x80"})), pc::errc::invalid_text);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "a\xC3"})), pc::errc::invalid_text);          // cut short
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "\xC0\xAF"})), pc::errc::invalid_text);       // overlong
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "\xED\xA0\x80"})), pc::errc::invalid_text);   // surrogate
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "\xF4\x90\x80\x80"})), pc::errc::invalid_text);  // > U+10FFFF
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = std::string{"a\0b", 3}})), pc::errc::invalid_text);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Tag>().where(c<&Tag::code> == pc::varchar<3>{"\xFF"})),
                       pc::errc::invalid_text);
  EXPECT_EQ(this->db.run(pc::count<Tag>()), 0);
  // three characters in seven bytes fit VARCHAR(3); four do not
  this->db.run(pc::insert(Tag{.code = "h\xC3\xA9\xF0\x9F\x8E\xB8"}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "h\xC3\xA9\xC3\xA9\xC3\xA9"})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::select(c<&Tag::code>)), std::vector<std::string>{"h\xC3\xA9\xF0\x9F\x8E\xB8"});
}

// ASCII text is checked a word at a time (the last word overlapping the one before it,
// texts under eight bytes in pieces): a NUL or a non-ASCII byte is found at any position
// of any length, and a text of N + 1 ASCII bytes is one character too many.
TYPED_TEST(values_test, varchar_finds_a_nul_or_stray_byte_at_any_position) {
  this->db.run(pc::create_table<Caption>());
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string text(length, 'a');
      text[at] = '\0';
      PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Caption{.text = text})), pc::errc::invalid_text);
      text[at] = '\x80';
      PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Caption{.text = text})), pc::errc::invalid_text);
    }
  }
  EXPECT_EQ(this->db.run(pc::count<Caption>()), 0);
  this->db.run(pc::insert(Caption{.text = std::string(40, '\x7F')}));
  this->db.run(pc::insert(Caption{.text = ""}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Caption{.text = std::string(41, 'a')})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Caption>()), 2);
}

TYPED_TEST(values_test, postgres_text_with_nul_or_invalid_utf8_is_invalid_text) {
  if constexpr (TypeParam::is_sqlite) {
    GTEST_SKIP() << "SQLite stores any bytes in a TEXT column";
  } else {
    this->db.run(pc::create_table<Tag>());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "a", .note = std::string{"a\0b", 3}})), pc::errc::invalid_text);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "a", .note = "\xC3"})), pc::errc::invalid_text);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Tag{.code = "a", .note = "x"}, Tag{.code = "b", .note = "\xFF"})),
                         pc::errc::invalid_text);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT length({})", std::int64_t>(std::string_view{"\xFE"})),
                         pc::errc::invalid_text);
    EXPECT_EQ(this->db.run(pc::count<Tag>()), 0);
  }
}

// ---- lengths over 2 GiB ------------------------------------------------------------------------

TYPED_TEST(values_test, value_over_2_gib_is_refused_before_sending) {
  // a view with a fake length: the length is checked before any byte is read
  static const char small[8] = "abc";
  const std::string_view huge{small, (std::size_t{3} << 30)};
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT length({})", std::int64_t>(huge)), pc::errc::out_of_range);
  // the connection is fine afterwards
  EXPECT_EQ(this->db.run(pc::raw<"SELECT length({})", std::int64_t>(std::string_view{small, 3})),
            std::vector<std::int64_t>{3});
}

TEST(values_encoding, postgres_copy_field_over_2_gib_is_refused) {
  static const char small[8] = "abc";
  std::string out;
  pc::value_view text = pc::value_view::from_text(std::string_view{small, (std::size_t{1} << 31)});
  PICCOLO_EXPECT_ERROR(pc::postgres::detail::put_copy_field(out, text, -1), pc::errc::out_of_range);
  EXPECT_TRUE(out.empty());
  pc::value_view fits = pc::value_view::from_text(std::string_view{small, 3});
  pc::postgres::detail::put_copy_field(out, fits, -1);
  EXPECT_EQ(out, std::string("\0\0\0\3abc", 7));
  EXPECT_EQ(pc::postgres::detail::checked_length(0x7FFFFFFF), 0x7FFFFFFFu);
  PICCOLO_EXPECT_ERROR(pc::postgres::detail::checked_length(0x80000000u), pc::errc::out_of_range);
}

// ---- COPY into columns wider than the members ----------------------------------------------------

TYPED_TEST(values_test, batch_insert_into_wider_columns_than_the_members_declare) {
  if constexpr (TypeParam::is_sqlite)
    this->db.run(pc::raw<"CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL, ratio DOUBLE PRECISION "
                         "NOT NULL, small INTEGER NOT NULL)">());
  else
    this->db.run(pc::raw<"CREATE TABLE counter (id SERIAL PRIMARY KEY, n BIGINT NOT NULL, ratio DOUBLE PRECISION "
                         "NOT NULL, small INTEGER NOT NULL)">());
  // twice: the second batch takes the remembered decision
  for (int round = 0; round < 2; ++round)
    EXPECT_EQ(this->db.run(pc::insert(Counter{.n = 2'000'000'000, .ratio = 0.5f, .small = -7},
                                      Counter{.n = -1, .ratio = 1.25f, .small = 32'000})),
              2);
  auto back = this->db.run(pc::objects<Counter>().order_by(c<&Counter::id>));
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[2].n, 2'000'000'000);
  EXPECT_EQ(back[3].n, -1);
  EXPECT_EQ(back[3].ratio, 1.25f);
  EXPECT_EQ(back[2].small, -7);
  EXPECT_EQ(back[3].small, 32'000);
}

TYPED_TEST(values_test, batch_insert_into_the_declared_columns_still_goes_by_copy) {
  this->db.run(pc::create_table<Counter>());
  EXPECT_EQ(this->db.run(pc::insert(Counter{.n = 1, .ratio = 0.5f, .small = 3}, Counter{.n = 2})), 2);
  EXPECT_EQ(this->db.run(pc::insert(Counter{.n = 3}, Counter{.n = 4})), 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Counter::n>).order_by(c<&Counter::n>)), (std::vector<int>{1, 2, 3, 4}));
}

TYPED_TEST(values_test, batch_insert_after_a_column_type_changed_underneath) {
  this->db.run(pc::create_table<Counter>());
  auto batch = [&] { return this->db.run(pc::insert(Counter{.n = 1, .small = 2}, Counter{.n = 3, .small = 4})); };
  EXPECT_EQ(batch(), 2);
  // another connection widens the columns after this one checked them
  auto other = this->engine.connect();
  if constexpr (TypeParam::is_sqlite) {
    SUCCEED() << "SQLite columns take any integer";
  } else {
    other.run(pc::raw<"ALTER TABLE counter ALTER COLUMN n TYPE bigint, ALTER COLUMN small TYPE bigint">());
  }
  EXPECT_EQ(batch(), 2);
  this->db.transaction([&](auto&) { EXPECT_EQ(batch(), 2); });
  EXPECT_EQ(this->db.run(pc::count<Counter>()), 6);
}

TYPED_TEST(values_test, postgres_protocol_violation_is_not_a_lost_connection) {
  EXPECT_EQ(pc::postgres::map_sqlstate("08P01"), pc::errc::protocol_violation);
  EXPECT_EQ(pc::postgres::map_sqlstate("22021"), pc::errc::invalid_text);
  EXPECT_EQ(pc::postgres::map_sqlstate("08006"), pc::errc::connection_lost);
  if constexpr (TypeParam::is_sqlite) {
    return;
  } else {
    // a binary COPY field of the wrong width (4 bytes into BIGINT), sent by hand
    this->db.run(pc::raw<"CREATE TABLE wide (n BIGINT)">());
    PGconn* conn = this->db.native_handle();
    PGresult* start = PQexec(conn, "COPY wide (n) FROM STDIN (FORMAT binary)");
    ASSERT_EQ(PQresultStatus(start), PGRES_COPY_IN);
    PQclear(start);
    std::string stream("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
    stream += std::string("\0\1\0\0\0\4\0\0\0\7\xff\xff", 12);
    ASSERT_EQ(PQputCopyData(conn, stream.data(), static_cast<int>(stream.size())), 1);
    ASSERT_EQ(PQputCopyEnd(conn, nullptr), 1);
    PGresult* done = PQgetResult(conn);
    while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
    std::unique_ptr<PGresult, decltype(&PQclear)> guard{done, &PQclear};
    ASSERT_EQ(PQresultStatus(done), PGRES_FATAL_ERROR);
    const char* state = PQresultErrorField(done, PG_DIAG_SQLSTATE);
    ASSERT_NE(state, nullptr);
    try {
      pc::postgres::throw_result_error(conn, done);
    } catch (const pc::error& e) {
      EXPECT_NE(e.value(), pc::errc::connection_lost) << state << ": " << e.what();
      if (std::string_view{state} == "08P01") {
        EXPECT_EQ(e.value(), pc::errc::protocol_violation);
      }
    }
    EXPECT_EQ(PQstatus(conn), CONNECTION_OK);
    EXPECT_EQ(this->db.run(pc::raw<"SELECT count(*) FROM wide", std::int64_t>()), std::vector<std::int64_t>{0});
  }
}

// ---- foreign keys from rows not inserted yet ------------------------------------------------------

TEST(values_foreign_key, built_from_a_row_whose_serial_is_unset_is_refused) {
  Manager unsaved{.name = "Guido"};
  PICCOLO_EXPECT_ERROR(pc::foreign_key<Manager>{unsaved}, pc::errc::misuse);
  Manager saved{.id = 7, .name = "Guido"};
  pc::foreign_key<Manager> key{saved};
  EXPECT_EQ(key.value(), 7);
}

TYPED_TEST(values_test, foreign_key_from_an_inserted_row_stores_its_key) {
  this->create_example_schema();
  Manager guido{.name = "Guido"};
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Band{.name = "Pythonistas", .manager = pc::foreign_key<Manager>{guido}})),
                       pc::errc::misuse);
  guido.id = this->db.run(pc::insert(guido).returning(c<&Manager::id>)).at(0);
  this->db.run(pc::insert(Band{.name = "Pythonistas", .manager = pc::foreign_key<Manager>{guido}}));
  auto managers = this->db.run(pc::select(c<&Band::manager>));
  ASSERT_EQ(managers.size(), 1u);
  EXPECT_EQ(managers[0], std::optional<std::int64_t>{guido.id.value()});
}

}  // namespace
}  // namespace piccolo_test
