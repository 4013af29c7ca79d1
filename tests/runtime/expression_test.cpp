// Expressions on every engine: values on the left of operators, text and number
// functions, now(), comparisons with std::optional values (NULL-safe), update operators
// (numbers, text, timestamps plus durations) and NULL staying NULL.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using micros_time = std::chrono::sys_time<std::chrono::microseconds>;

// A TIMESTAMP to the microsecond, a TIMESTAMPTZ, and a nullable TIMESTAMP.
struct Moment {
  pc::serial id;
  micros_time at;
  pc::timestamptz instant;
  std::optional<micros_time> maybe;
};

micros_time micros_at(int y, unsigned m, unsigned d, int hour, int minute, int second, int micros) {
  return micros_time{std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second} +
         std::chrono::microseconds{micros};
}

template <class Engine>
class expression_test : public example_test<Engine> {};
TYPED_TEST_SUITE(expression_test, engines, engine_names);

using strings = std::vector<std::string>;
using optional_strings = std::vector<std::optional<std::string>>;

// ---- values on the left ------------------------------------------------------------------

TYPED_TEST(expression_test, a_value_on_the_left_of_a_comparison_means_what_it_says) {
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(1000 <= c<&Band::popularity>)), (strings{"Pythonistas"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(500 > c<&Band::popularity>)), (strings{"C-Sharps"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(2 == c<&Band::id>)), (strings{"Rustaceans"}));
}

TYPED_TEST(expression_test, a_value_on_the_left_of_arithmetic_means_what_it_says) {
  auto by_id = [](auto q) { return q.order_by(c<&Band::id>); };
  EXPECT_EQ(this->db.run(by_id(pc::select(c<&Band::name>).where(10 + c<&Band::popularity> > 500))),
            (strings{"Pythonistas", "Rustaceans"}));
  EXPECT_EQ(this->db.run(by_id(pc::select(1000 - c<&Band::popularity>))), (std::vector<std::int64_t>{0, 500, 990}));
  EXPECT_EQ(this->db.run(by_id(pc::select(3 * c<&Band::popularity>))), (std::vector<std::int64_t>{3000, 1500, 30}));
  EXPECT_EQ(this->db.run(by_id(pc::select("!!!" + c<&Band::name>))),
            (strings{"!!!Pythonistas", "!!!Rustaceans", "!!!C-Sharps"}));
}

// ---- NULL --------------------------------------------------------------------------------

TYPED_TEST(expression_test, comparing_with_an_empty_optional_matches_the_null_rows) {
  const std::optional<std::string> none;
  const std::optional<std::string> python = "https://python.org";
  auto names = [&](auto cond) { return this->db.run(pc::select(c<&Band::name>).where(cond).order_by(c<&Band::id>)); };
  EXPECT_EQ(names(c<&Band::website> == none), (strings{"Rustaceans"}));
  EXPECT_EQ(names(c<&Band::website> == python), (strings{"Pythonistas"}));
  EXPECT_EQ(names(none == c<&Band::website>), (strings{"Rustaceans"}));
  EXPECT_EQ(names(c<&Band::website> != none), (strings{"Pythonistas", "C-Sharps"}));
  // NULL is not python.org: the band without a website is "not equal" too
  EXPECT_EQ(names(c<&Band::website> != python), (strings{"Rustaceans", "C-Sharps"}));
  // a column that cannot be NULL: an empty optional matches nothing, a value its rows
  EXPECT_EQ(names(c<&Band::name> == std::optional<std::string>{}), (strings{}));
  EXPECT_EQ(names(c<&Band::name> == std::optional<std::string>{"C-Sharps"}), (strings{"C-Sharps"}));
}

TYPED_TEST(expression_test, comparing_through_a_nullable_foreign_key_with_an_empty_optional_matches_rows_without_one) {
  this->db.run(pc::update<Band>().set(c<&Band::manager> = std::nullopt).where(c<&Band::id> == 3));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(c<&Band::manager, &Manager::name> ==
                                                          std::optional<std::string>{})),
            (strings{"C-Sharps"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(c<&Band::manager, &Manager::name> ==
                                                          std::optional<std::string>{"Guido"})),
            (strings{"Pythonistas"}));
}

TYPED_TEST(expression_test, arithmetic_and_functions_of_a_null_give_null) {
  auto by_id = [](auto q) { return q.order_by(c<&Band::id>); };
  EXPECT_EQ(this->db.run(by_id(pc::select(c<&Band::website> + "/"))),
            (optional_strings{"https://python.org/", std::nullopt, "https://dotnet.microsoft.com/"}));
  EXPECT_EQ(this->db.run(by_id(pc::select(pc::length(c<&Band::website>)))),
            (std::vector<std::optional<std::int64_t>>{18, std::nullopt, 28}));
  EXPECT_EQ(this->db.run(by_id(pc::select(pc::upper(c<&Band::website>)))),
            (optional_strings{"HTTPS://PYTHON.ORG", std::nullopt, "HTTPS://DOTNET.MICROSOFT.COM"}));
}

// ---- functions -----------------------------------------------------------------------------

TYPED_TEST(expression_test, text_functions_give_text_and_lengths_in_characters) {
  this->db.run(pc::insert(Band{.name = "  Café  ", .popularity = 1}));
  std::vector<std::tuple<std::string, std::string, std::string, std::int64_t>> rows = this->db.run(
      pc::select(pc::lower(c<&Band::name>), pc::upper(c<&Band::name>), pc::trim(c<&Band::name>),
                 pc::length(pc::trim(c<&Band::name>)))
          .where(c<&Band::popularity> < 10));
  // upper/lower fold ASCII letters on SQLite: the é is checked by length only
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::get<2>(rows[0]), "Café");
  EXPECT_EQ(std::get<3>(rows[0]), 4);  // characters, not bytes
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(pc::lower(c<&Band::name>) == "pythonistas")),
            (strings{"Pythonistas"}));
  EXPECT_EQ(this->db.run(pc::select(pc::upper(c<&Band::name>)).where(c<&Band::id> == 2)), (strings{"RUSTACEANS"}));
}

TYPED_TEST(expression_test, order_by_a_function) {
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).order_by(pc::length(c<&Band::name>).desc())),
            (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
}

TYPED_TEST(expression_test, coalesce_gives_the_first_value_that_is_not_null) {
  std::vector<std::string> sites = this->db.run(
      pc::select(pc::coalesce(c<&Band::website>, "none")).order_by(c<&Band::id>));
  EXPECT_EQ(sites, (strings{"https://python.org", "none", "https://dotnet.microsoft.com"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(pc::coalesce(c<&Band::website>, "") == "")),
            (strings{"Rustaceans"}));
}

TYPED_TEST(expression_test, abs_keeps_the_type_and_round_goes_half_away_from_zero) {
  EXPECT_EQ(this->db.run(pc::select(pc::abs(c<&Band::popularity> - 600)).order_by(c<&Band::id>)),
            (std::vector<std::int64_t>{400, 100, 590}));
  // prices 50.0, 75.5, 30.0
  EXPECT_EQ(this->db.run(pc::select(pc::round(c<&Ticket::price>)).order_by(c<&Ticket::id>)),
            (std::vector<double>{50.0, 76.0, 30.0}));
  EXPECT_EQ(this->db.run(pc::select(pc::round(c<&Ticket::price> / 4, 1)).order_by(c<&Ticket::id>)),
            (std::vector<double>{12.5, 18.9, 7.5}));
  EXPECT_EQ(this->db.run(pc::select(pc::round(0 - c<&Ticket::price>)).order_by(c<&Ticket::id>)),
            (std::vector<double>{-50.0, -76.0, -30.0}));
}

TYPED_TEST(expression_test, now_is_the_current_utc_time) {
  using namespace std::chrono;
  std::vector<std::tuple<std::int64_t, micros_time>> rows =
      this->db.run(pc::select(c<&Band::id>, pc::now()).where(c<&Band::id> == 1));
  ASSERT_EQ(rows.size(), 1u);
  auto difference = std::get<1>(rows[0]) - floor<microseconds>(system_clock::now());
  EXPECT_LT(difference < microseconds{0} ? -difference : difference, minutes{1});
  EXPECT_EQ(this->db.run(pc::count<Concert>().where(c<&Concert::starts> < pc::now())), 2);
}

// ---- update operators ------------------------------------------------------------------------

TYPED_TEST(expression_test, update_adds_subtracts_multiplies_and_divides_numbers) {
  auto popularity_of = [&](int id) {
    return this->db.run(pc::select(c<&Band::popularity>).where(c<&Band::id> == id));
  };
  this->db.run(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> + 10).where(c<&Band::id> == 1));
  EXPECT_EQ(popularity_of(1), (std::vector<int>{1010}));
  this->db.run(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> - 5).where(c<&Band::id> == 1));
  EXPECT_EQ(popularity_of(1), (std::vector<int>{1005}));
  this->db.run(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> * 2).where(c<&Band::id> == 2));
  EXPECT_EQ(popularity_of(2), (std::vector<int>{1000}));
  // integer division truncates, as in C++
  this->db.run(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> / 3).where(c<&Band::id> == 3));
  EXPECT_EQ(popularity_of(3), (std::vector<int>{3}));
  this->db.run(pc::update<Ticket>().set(c<&Ticket::price> = c<&Ticket::price> * 1.5).where(c<&Ticket::id> == 1));
  EXPECT_EQ(this->db.run(pc::select(c<&Ticket::price>).where(c<&Ticket::id> == 1)), (std::vector<double>{75.0}));
}

TYPED_TEST(expression_test, update_appends_and_prepends_text_and_null_stays_null) {
  this->db.run(pc::update<Band>()
                   .set(c<&Band::name> = "The " + c<&Band::name>, c<&Band::website> = c<&Band::website> + "/")
                   .force());
  std::vector<std::tuple<std::string, std::optional<std::string>>> rows =
      this->db.run(pc::select(c<&Band::name>, c<&Band::website>).order_by(c<&Band::id>));
  EXPECT_EQ(rows, (std::vector<std::tuple<std::string, std::optional<std::string>>>{
                      {"The Pythonistas", "https://python.org/"},
                      {"The Rustaceans", std::nullopt},
                      {"The C-Sharps", "https://dotnet.microsoft.com/"}}));
}

TYPED_TEST(expression_test, update_moves_a_timestamp_by_a_duration) {
  using namespace std::chrono;
  this->db.run(pc::update<Concert>().set(c<&Concert::starts> = c<&Concert::starts> + minutes{90}).where(c<&Concert::id> == 1));
  this->db.run(pc::update<Concert>().set(c<&Concert::starts> = c<&Concert::starts> - days{31}).where(c<&Concert::id> == 2));
  EXPECT_EQ(this->db.run(pc::select(c<&Concert::starts>).order_by(c<&Concert::id>)),
            (std::vector<sys_seconds>{at(2024, 5, 1, 21, 30), at(2024, 5, 1, 19, 30)}));
}

TYPED_TEST(expression_test, timestamp_arithmetic_is_exact_to_the_microsecond_and_null_stays_null) {
  using namespace std::chrono;
  this->db.run(pc::create_table<Moment>());
  const micros_time last_micro = micros_at(2024, 12, 31, 23, 59, 59, 999999);
  const micros_time before_epoch = micros_at(1969, 12, 31, 23, 59, 59, 500000);
  this->db.run(pc::insert(Moment{.at = last_micro, .instant = pc::timestamptz{last_micro}, .maybe = std::nullopt},
                          Moment{.at = before_epoch, .instant = pc::timestamptz{before_epoch}, .maybe = before_epoch}));
  this->db.run(pc::update<Moment>()
                   .set(c<&Moment::at> = c<&Moment::at> + microseconds{1},
                        c<&Moment::instant> = c<&Moment::instant> - microseconds{999999},
                        c<&Moment::maybe> = c<&Moment::maybe> + milliseconds{500})
                   .force());
  std::vector<std::tuple<micros_time, pc::timestamptz, std::optional<micros_time>>> rows =
      this->db.run(pc::select(c<&Moment::at>, c<&Moment::instant>, c<&Moment::maybe>).order_by(c<&Moment::id>));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<0>(rows[0]), micros_at(2025, 1, 1, 0, 0, 0, 0));
  EXPECT_EQ(micros_time{std::get<1>(rows[0])}, micros_at(2024, 12, 31, 23, 59, 59, 0));
  EXPECT_EQ(std::get<2>(rows[0]), std::nullopt);
  EXPECT_EQ(std::get<0>(rows[1]), micros_at(1969, 12, 31, 23, 59, 59, 500001));
  EXPECT_EQ(micros_time{std::get<1>(rows[1])}, micros_at(1969, 12, 31, 23, 59, 58, 500001));
  EXPECT_EQ(std::get<2>(rows[1]), micros_at(1970, 1, 1, 0, 0, 0, 0));
  // thirty years and back, across leap days
  this->db.run(pc::update<Moment>().set(c<&Moment::at> = c<&Moment::at> + days{10957}).where(c<&Moment::id> == 1));
  EXPECT_EQ(this->db.run(pc::select(c<&Moment::at>).where(c<&Moment::id> == 1)),
            (std::vector<micros_time>{micros_at(2055, 1, 1, 0, 0, 0, 0)}));
  // the shifted value compares with the stored ones
  EXPECT_EQ(this->db.run(pc::count<Moment>().where(c<&Moment::maybe> - hours{1} < c<&Moment::at>)), 1);
}

}  // namespace
}  // namespace piccolo_test
