// Times of day (pc::time_of_day, std::chrono::hh_mm_ss: PostgreSQL TIME, SQLite sortable
// text) and intervals (std::chrono::duration: PostgreSQL INTERVAL, SQLite an integer of
// microseconds) round-trip on both engines with NULL and their limits, compare and sort,
// go through batches (COPY and the unnest() upsert on PostgreSQL), and refuse what they
// cannot hold with out_of_range, never by rounding.

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using namespace std::chrono_literals;
using seconds_of_day = std::chrono::hh_mm_ss<std::chrono::seconds>;

struct Shift {
  pc::serial id;
  pc::time_of_day starts;
  seconds_of_day ends{17h};
  std::optional<pc::time_of_day> pause;
  std::chrono::minutes length = 90min;
  std::optional<std::chrono::microseconds> overtime;
};

template <class Engine>
class time_types_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_table<Shift>()); }

  std::vector<Shift> shifts() {
    std::vector<Shift> rows = this->db.run(pc::objects<Shift>().order_by(c<&Shift::id>));
    return rows;
  }
};
TYPED_TEST_SUITE(time_types_test, engines, engine_names);

TYPED_TEST(time_types_test, times_and_intervals_round_trip_with_null_and_limits) {
  std::vector<Shift> rows{
      {.starts = pc::time_of_day{}, .ends = seconds_of_day{0s}, .length = 0min},
      {.starts = pc::time_of_day{23h, 59min, 59s, 999'999us}, .ends = seconds_of_day{24h},
       .pause = pc::time_of_day{12h, 0min}, .length = -45min, .overtime = 1us},
      {.starts = pc::time_of_day{24h, 0min}, .length = std::chrono::minutes{153'722'867'280},  // ~2^63 micros
       .overtime = std::chrono::microseconds{std::numeric_limits<std::int64_t>::min() + 1}},
  };
  for (const Shift& shift : rows) this->db.run(pc::insert(shift));
  std::vector<Shift> back = this->shifts();
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].starts, rows[i].starts) << i;
    EXPECT_EQ(back[i].ends.to_duration(), rows[i].ends.to_duration()) << i;
    EXPECT_EQ(back[i].pause, rows[i].pause) << i;
    EXPECT_EQ(back[i].length, rows[i].length) << i;
    EXPECT_EQ(back[i].overtime, rows[i].overtime) << i;
  }
  EXPECT_EQ(back[1].starts.to_string(), "23:59:59.999999");
  EXPECT_EQ(back[2].starts.to_string(), "24:00:00");
}

TYPED_TEST(time_types_test, times_and_intervals_compare_and_sort) {
  this->db.run(pc::insert(std::vector<Shift>{
      {.starts = pc::time_of_day{9h, 30min}, .length = 120min},
      {.starts = pc::time_of_day{9h, 5min}, .length = 30min},
      {.starts = pc::time_of_day{13h, 0min, 0s, 500'000us}, .length = 8h},
      {.starts = pc::time_of_day{0h, 0min, 1s}, .length = -1min},
  }));
  std::vector<pc::time_of_day> ordered = this->db.run(pc::select(c<&Shift::starts>).order_by(c<&Shift::starts>));
  EXPECT_EQ(ordered, (std::vector<pc::time_of_day>{pc::time_of_day{0h, 0min, 1s}, pc::time_of_day{9h, 5min},
                                                   pc::time_of_day{9h, 30min},
                                                   pc::time_of_day{13h, 0min, 0s, 500'000us}}));
  std::vector<std::chrono::minutes> morning = this->db.run(
      pc::select(c<&Shift::length>)
          .where(c<&Shift::starts> >= pc::time_of_day{9h, 0min} &&
                 c<&Shift::starts> < std::chrono::hh_mm_ss<std::chrono::microseconds>{13h + 500ms})
          .order_by(c<&Shift::length>));
  EXPECT_EQ(morning, (std::vector<std::chrono::minutes>{30min, 120min}));
  // an interval compares with any duration, in microseconds
  std::int64_t long_ones = this->db.run(pc::count<Shift>().where(c<&Shift::length> > std::chrono::seconds{3600}));
  EXPECT_EQ(long_ones, 2);
  std::vector<std::chrono::minutes> lengths = this->db.run(pc::select(c<&Shift::length>).order_by(c<&Shift::length>));
  EXPECT_EQ(lengths, (std::vector<std::chrono::minutes>{-1min, 30min, 120min, 480min}));
  std::int64_t without_pause = this->db.run(pc::count<Shift>().where(c<&Shift::pause>.is_null()));
  EXPECT_EQ(without_pause, 4);
}

TYPED_TEST(time_types_test, member_initializers_are_column_defaults) {
  this->db.run(pc::raw<"INSERT INTO shift (starts) VALUES ('06:00:00')">());
  std::vector<Shift> back = this->shifts();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].starts, (pc::time_of_day{6h, 0min}));
  EXPECT_EQ(back[0].ends.to_duration(), 17h);
  EXPECT_EQ(back[0].length, 90min);
  EXPECT_FALSE(back[0].overtime.has_value());
}

TYPED_TEST(time_types_test, batches_take_times_and_intervals) {
  // PostgreSQL: a batch without keys goes by binary COPY, an upsert by unnest() arrays
  std::vector<Shift> rows;
  for (int i = 0; i < 40; ++i)
    rows.push_back(Shift{.starts = pc::time_of_day{std::chrono::microseconds{i * 3'600'000'001LL / 2}},
                         .ends = seconds_of_day{std::chrono::seconds{i * 60}},
                         .pause = i % 3 ? std::nullopt : std::optional{pc::time_of_day{std::chrono::hours{i % 24}, 1min}},
                         .length = std::chrono::minutes{i - 20},
                         .overtime = i % 2 ? std::nullopt : std::optional{std::chrono::microseconds{i * 1'000'001LL}}});
  this->db.run(pc::insert(rows));
  std::vector<Shift> updates{Shift{.id = 1, .starts = pc::time_of_day{1h, 2min}, .length = 7min},
                             Shift{.id = 100, .starts = pc::time_of_day{3h, 4min}, .length = 8min}};
  this->db.run(pc::insert(updates).on_conflict(c<&Shift::id>).do_update(c<&Shift::starts>, c<&Shift::length>));
  std::vector<Shift> back = this->shifts();
  ASSERT_EQ(back.size(), 41u);
  EXPECT_EQ(back[0].starts, (pc::time_of_day{1h, 2min}));
  EXPECT_EQ(back[0].length, 7min);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].starts, rows[i].starts) << i;
    EXPECT_EQ(back[i].ends.to_duration(), rows[i].ends.to_duration()) << i;
    EXPECT_EQ(back[i].pause, rows[i].pause) << i;
    EXPECT_EQ(back[i].length, rows[i].length) << i;
    EXPECT_EQ(back[i].overtime, rows[i].overtime) << i;
  }
  EXPECT_EQ(back[40].starts, (pc::time_of_day{3h, 4min}));
}

TYPED_TEST(time_types_test, values_a_column_cannot_hold_are_out_of_range) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Shift{.starts = pc::time_of_day{24h, 0min, 0s, 1us}})),
                       pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Shift{.starts = pc::time_of_day{-1h, 0min}})), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Shift{.ends = seconds_of_day{-1s}})), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Shift>().where(c<&Shift::length> > std::chrono::nanoseconds{1500})),
                       pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(
      this->db.run(pc::count<Shift>().where(c<&Shift::length> > std::chrono::hours{std::numeric_limits<std::int64_t>::max() / 1000})),
      pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Shift>()), 0);
}

TYPED_TEST(time_types_test, a_stored_value_finer_than_the_member_is_out_of_range) {
  this->db.run(pc::insert(Shift{.starts = pc::time_of_day{8h, 0min, 0s, 1us}, .overtime = 1500ms}));
  PICCOLO_EXPECT_ERROR((this->db.run(pc::raw<"SELECT overtime FROM shift", std::chrono::seconds>())),
                       pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR((this->db.run(pc::raw<"SELECT starts FROM shift", seconds_of_day>())), pc::errc::out_of_range);
  std::vector<std::chrono::milliseconds> exact = this->db.run(pc::raw<"SELECT overtime FROM shift", std::chrono::milliseconds>());
  EXPECT_EQ(exact, (std::vector<std::chrono::milliseconds>{1500ms}));
}

TYPED_TEST(time_types_test, engine_forms_of_times_and_intervals) {
  this->db.run(pc::insert(Shift{.starts = pc::time_of_day{7h, 5min}, .length = 2min}));
  if constexpr (std::is_same_v<TypeParam, postgres>) {
    // an INTERVAL with months or days has no fixed length: a duration refuses it
    this->db.run(pc::raw<"UPDATE shift SET overtime = interval '1 day'">());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Shift>()), pc::errc::out_of_range);
    this->db.run(pc::raw<"UPDATE shift SET overtime = interval '2 months'">());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Shift>()), pc::errc::out_of_range);
    this->db.run(pc::raw<"UPDATE shift SET overtime = interval '49 hours 1 microsecond'">());
    std::vector<std::optional<std::chrono::microseconds>> hours =
        this->db.run(pc::select(c<&Shift::overtime>));
    EXPECT_EQ(hours, (std::vector<std::optional<std::chrono::microseconds>>{49h + 1us}));
    std::vector<std::string> text = this->db.run(pc::raw<"SELECT starts::text || ' ' || length::text FROM shift", std::string>());
    EXPECT_EQ(text, (std::vector<std::string>{"07:05:00 00:02:00"}));
  } else {
    // text that sorts as time does, and an integer of microseconds
    std::vector<std::string> text =
        this->db.run(pc::raw<"SELECT starts || ' ' || typeof(length) || ' ' || length FROM shift", std::string>());
    EXPECT_EQ(text, (std::vector<std::string>{"07:05:00.000000 integer 120000000"}));
  }
}

TYPED_TEST(time_types_test, is_in_refuses_list_values_a_column_cannot_hold) {
  this->db.run(pc::insert(Shift{.starts = pc::time_of_day{9h, 0min}, .length = 30min}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Shift>().where(c<&Shift::starts>.is_in({pc::time_of_day{25h, 0min}}))),
                       pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(
      this->db.run(pc::count<Shift>().where(c<&Shift::length>.not_in({std::chrono::nanoseconds{1500}}))),
      pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(
      this->db.run(pc::count<Shift>().where(
          c<&Shift::length>.is_in({std::chrono::hours{std::numeric_limits<std::int64_t>::max() / 1000}}))),
      pc::errc::out_of_range);
}

TYPED_TEST(time_types_test, is_in_and_not_in_take_times_of_day_and_intervals) {
  this->db.run(pc::insert(std::vector<Shift>{
      {.starts = pc::time_of_day{9h, 30min}, .pause = pc::time_of_day{12h, 0min}, .length = 120min,
       .overtime = 1us},
      {.starts = pc::time_of_day{9h, 5min}, .length = 30min},
      {.starts = pc::time_of_day{13h, 0min, 0s, 500'000us}, .pause = pc::time_of_day{24h, 0min}, .length = -1min,
       .overtime = std::chrono::microseconds{std::numeric_limits<std::int64_t>::max()}},
      {.starts = pc::time_of_day{}, .length = std::chrono::minutes{153'722'867'280}},
  }));
  auto ids = [&](const auto& condition) {
    std::vector<std::int64_t> found =
        this->db.run(pc::select(c<&Shift::id>).where(condition).order_by(c<&Shift::id>));
    return found;
  };
  using ids_t = std::vector<std::int64_t>;
  // times of day: pc::time_of_day and hh_mm_ss alike, fractions and both ends of the day
  EXPECT_EQ(ids(c<&Shift::starts>.is_in({pc::time_of_day{9h, 30min}, pc::time_of_day{13h, 0min, 0s, 500'000us},
                                         pc::time_of_day{13h, 0min}})),
            (ids_t{1, 3}));
  EXPECT_EQ(ids(c<&Shift::starts>.is_in(std::vector<std::chrono::hh_mm_ss<std::chrono::seconds>>{
                std::chrono::hh_mm_ss<std::chrono::seconds>{0s}, std::chrono::hh_mm_ss<std::chrono::seconds>{9h + 5min}})),
            (ids_t{2, 4}));
  EXPECT_EQ(ids(c<&Shift::starts>.not_in({pc::time_of_day{9h, 30min}})), (ids_t{2, 3, 4}));
  // NULL is in no list and outside none (SQL's three values): rows 2 and 4 match neither
  EXPECT_EQ(ids(c<&Shift::pause>.is_in({pc::time_of_day{24h, 0min}, pc::time_of_day{12h, 0min}})), (ids_t{1, 3}));
  EXPECT_EQ(ids(c<&Shift::pause>.not_in({pc::time_of_day{24h, 0min}})), (ids_t{1}));
  // intervals: any duration, compared in microseconds, up to the 64-bit limits
  EXPECT_EQ(ids(c<&Shift::length>.is_in(std::vector<std::chrono::seconds>{2h, -60s, 153'722'867'280min})), (ids_t{1, 3, 4}));
  EXPECT_EQ(ids(c<&Shift::length>.not_in(std::vector<std::chrono::minutes>{30min, 2h})), (ids_t{3, 4}));
  EXPECT_EQ(ids(c<&Shift::overtime>.is_in(std::vector<std::chrono::microseconds>{
                1us, std::chrono::microseconds{std::numeric_limits<std::int64_t>::max()}})),
            (ids_t{1, 3}));
  EXPECT_EQ(ids(c<&Shift::overtime>.not_in({1us})), (ids_t{3}));
  // an empty list: no row is in it, and every row is outside it, a NULL too (as SQL has it)
  const std::vector<pc::time_of_day> no_times;
  const std::vector<std::chrono::minutes> no_lengths;
  EXPECT_EQ(ids(c<&Shift::starts>.is_in(no_times)), (ids_t{}));
  EXPECT_EQ(ids(c<&Shift::starts>.not_in(no_times)), (ids_t{1, 2, 3, 4}));
  EXPECT_EQ(ids(c<&Shift::length>.is_in(no_lengths)), (ids_t{}));
  EXPECT_EQ(ids(c<&Shift::length>.not_in(no_lengths)), (ids_t{1, 2, 3, 4}));
  EXPECT_EQ(ids(c<&Shift::pause>.not_in(no_times)), (ids_t{1, 2, 3, 4}));
}

TYPED_TEST(time_types_test, a_sum_of_intervals_past_64_bits_is_an_error_never_wrapped) {
  const auto quarter = std::chrono::microseconds{std::numeric_limits<std::int64_t>::max() / 3};
  this->db.run(pc::insert(std::vector<Shift>{{.length = 0min, .overtime = quarter},
                                             {.length = 0min, .overtime = quarter},
                                             {.length = 0min, .overtime = quarter},
                                             {.length = 0min, .overtime = quarter}}));
  // PostgreSQL: "interval out of range"; SQLite's sum(): "integer overflow" (SQLITE_ERROR,
  // told apart by its message)
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(pc::sum(c<&Shift::overtime>))), pc::errc::out_of_range);
  // a sum that fits 64 bits of microseconds but not the column's duration: out_of_range on both
  struct Tick {
    pc::serial id;
    std::chrono::duration<std::int32_t> span{};
  };
  this->db.run(pc::create_table<Tick>());
  this->db.run(pc::insert(std::vector<Tick>{{.span = std::chrono::duration<std::int32_t>{2'000'000'000}},
                                            {.span = std::chrono::duration<std::int32_t>{2'000'000'000}}}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(pc::sum(c<&Tick::span>))), pc::errc::out_of_range);
}

TYPED_TEST(time_types_test, sum_min_and_max_of_intervals_and_times_of_day) {
  // over no row: NULL
  auto none = this->db.run(pc::select(pc::sum(c<&Shift::length>), pc::min(c<&Shift::starts>), pc::max(c<&Shift::overtime>)));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_FALSE(std::get<0>(none[0]).has_value());
  EXPECT_FALSE(std::get<1>(none[0]).has_value());
  EXPECT_FALSE(std::get<2>(none[0]).has_value());
  this->db.run(pc::insert(std::vector<Shift>{
      {.starts = pc::time_of_day{9h, 30min}, .pause = pc::time_of_day{12h, 0min}, .length = 120min, .overtime = 1us},
      {.starts = pc::time_of_day{9h, 5min}, .length = 30min},
      {.starts = pc::time_of_day{13h, 0min, 0s, 500'000us}, .length = -1min, .overtime = 3h + 2us},
      {.starts = pc::time_of_day{24h, 0min}, .pause = pc::time_of_day{}, .length = 0min},
  }));
  // typed as the column: the sum of minutes is minutes, of microseconds microseconds
  static_assert(std::is_same_v<typename decltype(pc::sum(c<&Shift::length>))::value_type, std::optional<std::chrono::minutes>>);
  static_assert(std::is_same_v<typename decltype(pc::min(c<&Shift::starts>))::value_type, std::optional<pc::time_of_day>>);
  auto stats = this->db.run(pc::select(pc::sum(c<&Shift::length>), pc::min(c<&Shift::length>), pc::max(c<&Shift::length>),
                                       pc::sum(c<&Shift::overtime>), pc::min(c<&Shift::starts>),
                                       pc::max(c<&Shift::starts>), pc::min(c<&Shift::pause>), pc::max(c<&Shift::pause>)));
  ASSERT_EQ(stats.size(), 1u);
  const auto& [total, shortest, longest, overtime, first, last, first_pause, last_pause] = stats[0];
  EXPECT_EQ(total, std::optional{149min});
  EXPECT_EQ(shortest, std::optional{-1min});
  EXPECT_EQ(longest, std::optional{120min});
  EXPECT_EQ(overtime, std::optional<std::chrono::microseconds>{3h + 3us});
  EXPECT_EQ(first, (pc::time_of_day{9h, 5min}));
  EXPECT_EQ(last, (pc::time_of_day{24h, 0min}));
  EXPECT_EQ(first_pause, (pc::time_of_day{}));
  EXPECT_EQ(last_pause, (pc::time_of_day{12h, 0min}));
  // NULLs only: NULL
  std::vector<std::optional<std::chrono::microseconds>> nulls =
      this->db.run(pc::select(pc::sum(c<&Shift::overtime>)).where(c<&Shift::overtime>.is_null()));
  EXPECT_EQ(nulls, (std::vector<std::optional<std::chrono::microseconds>>{std::nullopt}));
}

TEST(time_of_day, text_form_and_parse) {
  EXPECT_EQ((pc::time_of_day{20h, 30min}).to_string(), "20:30:00");
  EXPECT_EQ((pc::time_of_day{20h, 30min, 1s, 250'000us}).to_string(), "20:30:01.250000");
  EXPECT_EQ(pc::time_of_day::parse("07:08:09.5"), (pc::time_of_day{7h, 8min, 9s, 500'000us}));
  EXPECT_EQ(pc::time_of_day::parse("24:00:00"), (pc::time_of_day{24h, 0min}));
  EXPECT_FALSE(pc::time_of_day::parse("24:00:01").has_value());
  EXPECT_FALSE(pc::time_of_day::parse("7:08:09").has_value());
  EXPECT_FALSE(pc::time_of_day::parse("07:08:09.1234567").has_value());
  EXPECT_FALSE(pc::time_of_day::parse("07:60:00").has_value());
  EXPECT_TRUE((pc::time_of_day{std::chrono::hh_mm_ss<std::chrono::microseconds>{5h}}).ok());
  EXPECT_FALSE((pc::time_of_day{-1h, 0min}).ok());
}

}  // namespace
}  // namespace piccolo_test
