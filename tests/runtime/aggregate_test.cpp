// Aggregates (count, count_distinct, sum, avg, min, max), group_by, having, aliases in
// the select list and in order_by, distinct and distinct_on, expressions in the select
// list and in order_by: exact rows on every engine.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class aggregate_test : public example_test<Engine> {};
TYPED_TEST_SUITE(aggregate_test, engines, engine_names);

// ---- whole-table aggregates --------------------------------------------------------

TYPED_TEST(aggregate_test, aggregates_over_the_whole_table_return_one_row) {
  auto q = pc::select<Band>(pc::count(), pc::count(c<&Band::website>), pc::count_distinct(c<&Band::manager>),
                            pc::sum(c<&Band::popularity>), pc::avg(c<&Band::popularity>),
                            pc::min(c<&Band::name>), pc::max(c<&Band::popularity>));
  using row = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::optional<std::int64_t>,
                         std::optional<double>, std::optional<std::string>, std::optional<int>>;
  static_assert(std::is_same_v<typename decltype(q)::row_type, row>);
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{3, 2, 3, 1510, 1510.0 / 3, "C-Sharps", 1000}}));
}

TYPED_TEST(aggregate_test, aggregates_over_zero_rows_are_null_and_count_is_zero) {
  auto q = pc::select<Band>(pc::count(), pc::sum(c<&Band::popularity>), pc::avg(c<&Band::popularity>),
                            pc::min(c<&Band::name>), pc::max(c<&Band::popularity>))
               .where(c<&Band::popularity> > 5000);
  using row = std::tuple<std::int64_t, std::optional<std::int64_t>, std::optional<double>,
                         std::optional<std::string>, std::optional<int>>;
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{0, std::nullopt, std::nullopt, std::nullopt, std::nullopt}}));
}

TYPED_TEST(aggregate_test, sum_and_avg_of_bigint_and_real_columns_read_as_their_cpp_types) {
  // PostgreSQL answers numeric for SUM(bigint) and AVG(integer): the text casts them.
  this->db.run(pc::create_table<Sample>());
  this->db.run(pc::insert(Sample{.i16 = 1, .i32 = 10, .i64 = 4'000'000'000, .f32 = 0.5f, .f64 = 1.25, .code = "a"},
                          Sample{.i16 = 2, .i32 = 20, .i64 = 5'000'000'000, .f32 = 1.5f, .f64 = 2.5, .code = "b"}));
  using sums_row = std::tuple<std::optional<std::int64_t>, std::optional<std::int64_t>, std::optional<std::int64_t>,
                              std::optional<double>, std::optional<double>>;
  std::vector<sums_row> sums = this->db.run(pc::select<Sample>(pc::sum(c<&Sample::i16>), pc::sum(c<&Sample::i32>),
                                                               pc::sum(c<&Sample::i64>), pc::sum(c<&Sample::f32>),
                                                               pc::sum(c<&Sample::f64>)));
  EXPECT_EQ(sums, (std::vector<sums_row>{{3, 30, 9'000'000'000, 2.0, 3.75}}));
  using averages_row = std::tuple<std::optional<double>, std::optional<double>, std::optional<double>>;
  std::vector<averages_row> averages = this->db.run(
      pc::select<Sample>(pc::avg(c<&Sample::i64>), pc::avg(c<&Sample::f32>), pc::avg(c<&Sample::f64>)));
  EXPECT_EQ(averages, (std::vector<averages_row>{{4.5e9, 1.0, 1.875}}));
}

TYPED_TEST(aggregate_test, min_and_max_keep_the_column_type) {
  using times = std::tuple<std::optional<std::chrono::sys_seconds>, std::optional<std::chrono::sys_seconds>>;
  std::vector<times> starts =
      this->db.run(pc::select<Concert>(pc::min(c<&Concert::starts>), pc::max(c<&Concert::starts>)));
  EXPECT_EQ(starts, (std::vector<times>{{at(2024, 5, 1, 20, 0), at(2024, 6, 1, 19, 30)}}));
  using tickets = std::tuple<std::optional<TicketType>, std::optional<double>>;
  std::vector<tickets> rows =
      this->db.run(pc::select<Ticket>(pc::min(c<&Ticket::ticket_type>), pc::max(c<&Ticket::price>)));
  EXPECT_EQ(rows, (std::vector<tickets>{{TicketType::sitting, 75.5}}));  // enums order by name
}

// ---- group_by, having ----------------------------------------------------------------

TYPED_TEST(aggregate_test, group_by_returns_a_row_per_group) {
  using row = std::tuple<std::int64_t, std::int64_t, std::optional<double>>;
  std::vector<row> rows = this->db.run(pc::select(c<&Ticket::concert>, pc::count(), pc::sum(c<&Ticket::price>))
                                           .group_by(c<&Ticket::concert>)
                                           .order_by(c<&Ticket::concert>));
  EXPECT_EQ(rows, (std::vector<row>{{1, 2, 125.5}, {2, 1, 30.0}}));
}

TYPED_TEST(aggregate_test, group_by_follows_foreign_keys) {
  using row = std::tuple<std::string, std::int64_t>;
  std::vector<row> rows = this->db.run(pc::select(c<&Ticket::concert, &Concert::venue, &Venue::name>, pc::count())
                                           .group_by(c<&Ticket::concert, &Concert::venue, &Venue::name>)
                                           .order_by(c<&Ticket::concert, &Concert::venue, &Venue::name>));
  EXPECT_EQ(rows, (std::vector<row>{{"Amazing Venue", 2}, {"Smallish Venue", 1}}));
}

TYPED_TEST(aggregate_test, group_by_a_nullable_path_puts_the_nulls_in_one_group) {
  this->db.run(pc::insert(Band{.name = "Freelancers", .manager = std::nullopt, .popularity = 1},
                          Band{.name = "Soloists", .manager = std::nullopt, .popularity = 2}));
  using row = std::tuple<std::optional<std::string>, std::int64_t, std::optional<int>>;
  std::vector<row> rows =
      this->db.run(pc::select(c<&Band::manager, &Manager::name>, pc::count(), pc::max(c<&Band::popularity>))
                       .group_by(c<&Band::manager, &Manager::name>)
                       .order_by(pc::count().desc(), c<&Band::manager, &Manager::name>));
  EXPECT_EQ(rows, (std::vector<row>{{std::nullopt, 2, 2}, {"Graydon", 1, 500}, {"Guido", 1, 1000}, {"Mads", 1, 10}}));
}

TYPED_TEST(aggregate_test, having_keeps_the_groups_that_match) {
  using row = std::tuple<std::int64_t, std::int64_t>;
  std::vector<row> rows = this->db.run(pc::select(c<&Ticket::concert>, pc::count())
                                           .group_by(c<&Ticket::concert>)
                                           .having(pc::count() > 1));
  EXPECT_EQ(rows, (std::vector<row>{{1, 2}}));
}

TYPED_TEST(aggregate_test, values_bind_in_text_order_across_select_where_having_and_limit) {
  using row = std::tuple<std::int64_t, std::optional<double>>;
  auto q = pc::select(c<&Ticket::concert>, pc::sum(c<&Ticket::price> * 2.0))
               .where(c<&Ticket::price> > 40.0)
               .group_by(c<&Ticket::concert>)
               .having(pc::sum(c<&Ticket::price>) >= 50.0 && pc::count() >= 1)
               .order_by(c<&Ticket::concert>)
               .limit(5);
  static_assert(decltype(q)::parameters == 5);
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{1, 251.0}}));
}

// ---- aliases -------------------------------------------------------------------------

TYPED_TEST(aggregate_test, order_by_names_an_alias) {
  using row = std::tuple<std::int64_t, std::optional<double>>;
  std::vector<row> by_name = this->db.run(pc::select(c<&Ticket::concert>, pc::as<"total">(pc::sum(c<&Ticket::price>)))
                                              .group_by(c<&Ticket::concert>)
                                              .order_by(pc::alias<"total">));
  EXPECT_EQ(by_name, (std::vector<row>{{2, 30.0}, {1, 125.5}}));
  // the aliased expression itself: ordered by its name, filtered by its value
  // (inside a template, such as this test, GCC 12 needs pc::as<"total">(x) or
  // x.template as<"total">() for x.as<"total">())
  auto total = pc::sum(c<&Ticket::price>).template as<"total">();
  std::vector<row> by_object = this->db.run(pc::select(c<&Ticket::concert>, total)
                                                .group_by(c<&Ticket::concert>)
                                                .having(total > 10.0)
                                                .order_by(total.desc()));
  EXPECT_EQ(by_object, (std::vector<row>{{1, 125.5}, {2, 30.0}}));
}

TYPED_TEST(aggregate_test, a_column_alias_orders_plain_rows) {
  std::vector<std::string> names =
      this->db.run(pc::select(pc::as<"band">(c<&Band::name>)).order_by(pc::alias<"band">.desc()));
  EXPECT_EQ(names, (std::vector<std::string>{"Rustaceans", "Pythonistas", "C-Sharps"}));
}

// ---- expressions in the select list and order_by -------------------------------------

TYPED_TEST(aggregate_test, expressions_in_the_select_list_and_order_by_bind_their_values) {
  using row = std::tuple<std::string, std::int64_t>;
  std::vector<row> rows = this->db.run(
      pc::select(c<&Band::name>, c<&Band::popularity> * 2).order_by((c<&Band::popularity> + 1).desc()).limit(2));
  EXPECT_EQ(rows, (std::vector<row>{{"Pythonistas", 2000}, {"Rustaceans", 1000}}));
}

TYPED_TEST(aggregate_test, first_of_a_grouped_query_is_its_first_group) {
  std::optional<std::tuple<std::int64_t, std::int64_t>> busiest =
      this->db.run(pc::select(c<&Ticket::concert>, pc::count().as<"tickets">())
                       .group_by(c<&Ticket::concert>)
                       .order_by(pc::alias<"tickets">.desc())
                       .first());
  EXPECT_EQ(busiest, (std::tuple<std::int64_t, std::int64_t>{1, 2}));
}

// ---- distinct ------------------------------------------------------------------------

TYPED_TEST(aggregate_test, distinct_returns_each_row_once) {
  std::vector<TicketType> types =
      this->db.run(pc::select(c<&Ticket::ticket_type>).distinct().order_by(c<&Ticket::ticket_type>));
  EXPECT_EQ(types, (std::vector<TicketType>{TicketType::sitting, TicketType::standing}));
  std::vector<Ticket> one = this->db.run(pc::objects<Ticket>().distinct().where(c<&Ticket::id> == 3));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].price, 30.0);
}

TYPED_TEST(aggregate_test, distinct_on_keeps_the_first_row_of_each_value) {
  if constexpr (std::is_same_v<TypeParam, postgres>) {
    using row = std::tuple<std::int64_t, double>;
    std::vector<row> priciest = this->db.run(pc::select(c<&Ticket::concert>, c<&Ticket::price>)
                                                 .distinct_on(c<&Ticket::concert>)
                                                 .order_by(c<&Ticket::concert>, c<&Ticket::price>.desc()));
    EXPECT_EQ(priciest, (std::vector<row>{{1, 75.5}, {2, 30.0}}));
  } else {
    GTEST_SKIP() << "DISTINCT ON is PostgreSQL's; on SQLite run() does not compile "
                    "(tests/compile/fail/aggregates.cpp)";
  }
}

}  // namespace
}  // namespace piccolo_test
