// Raw fragments inside built queries (where_raw, select_raw, order_by_raw) and filters
// chosen at run time (pc::when, pc::order_by_one_of): every combination, both engines.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class fragment_test : public example_test<Engine> {};
TYPED_TEST_SUITE(fragment_test, engines, engine_names);

using strings = std::vector<std::string>;

TYPED_TEST(fragment_test, where_raw_filters_with_bound_values) {
  auto q = pc::select(c<&Band::name>)
               .where(pc::where_raw<"lower(name) = {}">("rustaceans") || c<&Band::popularity> < 100)
               .order_by(c<&Band::id>);
  EXPECT_EQ(this->db.run(q), (strings{"Rustaceans", "C-Sharps"}));
  // an OR inside the text stays inside its parentheses when combined with &&
  auto both = pc::select(c<&Band::name>)
                  .where(pc::where_raw<"popularity = {} OR popularity = {}">(1000, 10) && c<&Band::name> != "C-Sharps");
  EXPECT_EQ(this->db.run(both), (strings{"Pythonistas"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).where(!pc::where_raw<"popularity > {}">(100))), (strings{"C-Sharps"}));
}

TYPED_TEST(fragment_test, where_raw_filters_groups_in_having) {
  auto q = pc::select(c<&Band::manager>, pc::count())
               .group_by(c<&Band::manager>)
               .having(pc::where_raw<"sum(popularity) > {}">(400))
               .order_by(c<&Band::manager>);
  using row = std::tuple<std::optional<std::int64_t>, std::int64_t>;
  EXPECT_EQ(this->db.run(q), (std::vector<row>{{1, 1}, {2, 1}}));
}

TYPED_TEST(fragment_test, select_raw_reads_its_declared_type) {
  auto q = pc::select(c<&Band::name>, pc::select_raw<"CAST(popularity * {} AS INTEGER)", int>(2).template as<"twice">())
               .order_by(pc::alias<"twice">.desc());
  using row = std::tuple<std::string, int>;
  EXPECT_EQ(this->db.run(q), (std::vector<row>{{"Pythonistas", 2000}, {"Rustaceans", 1000}, {"C-Sharps", 20}}));
}

TYPED_TEST(fragment_test, order_by_raw_orders_by_its_text) {
  auto q = pc::select(c<&Band::name>).order_by(pc::order_by_raw<"length(name) DESC, name">());
  EXPECT_EQ(this->db.run(q), (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
  auto random = pc::select(c<&Band::name>).order_by(pc::order_by_raw<"random()">());
  EXPECT_EQ(this->db.run(random).size(), 3u);
}

// All four combinations of two optional conditions, each ordering, and a fixed condition
// and limit around them (their values bind in the right places).
auto band_search(std::optional<int> min_popularity, std::optional<std::string> name, std::size_t sort) {
  return pc::select(c<&Band::name>)
      .where(c<&Band::id> > 0)
      .where(pc::when(min_popularity, [](auto v) { return c<&Band::popularity> >= v; }))
      .where(pc::when(name, [](auto v) { return c<&Band::name> != v; }))
      .order_by(pc::order_by_one_of(sort, c<&Band::name>, c<&Band::popularity>.desc()))
      .limit(10);
}

TYPED_TEST(fragment_test, optional_conditions_apply_only_when_set) {
  auto& db = this->db;
  EXPECT_EQ(db.run(band_search(std::nullopt, std::nullopt, 0)), (strings{"C-Sharps", "Pythonistas", "Rustaceans"}));
  EXPECT_EQ(db.run(band_search(100, std::nullopt, 0)), (strings{"Pythonistas", "Rustaceans"}));
  EXPECT_EQ(db.run(band_search(std::nullopt, "Pythonistas", 0)), (strings{"C-Sharps", "Rustaceans"}));
  EXPECT_EQ(db.run(band_search(100, "Pythonistas", 0)), (strings{"Rustaceans"}));
  EXPECT_EQ(db.run(band_search(std::nullopt, std::nullopt, 1)), (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
  EXPECT_EQ(db.run(band_search(100, std::nullopt, 1)), (strings{"Pythonistas", "Rustaceans"}));
  EXPECT_EQ(db.run(band_search(std::nullopt, "Pythonistas", 1)), (strings{"Rustaceans", "C-Sharps"}));
  EXPECT_EQ(db.run(band_search(100, "Pythonistas", 1)), (strings{"Rustaceans"}));
  // a variant run again reuses its statement and gives the same rows
  EXPECT_EQ(db.run(band_search(100, "Pythonistas", 0)), (strings{"Rustaceans"}));
}

TYPED_TEST(fragment_test, order_by_one_of_refuses_an_unknown_index) {
  EXPECT_THROW((void)band_search(std::nullopt, std::nullopt, 2), std::out_of_range);
}

TYPED_TEST(fragment_test, optional_conditions_run_through_visit_and_first) {
  std::optional<std::string> name = "Rustaceans";
  auto q = pc::objects<Band>().where(pc::when(name, [](auto v) { return c<&Band::name> == v; })).first();
  std::optional<Band> band = q.visit([&](const auto& variant) { return this->db.run(variant); });
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->popularity, 500);
}

}  // namespace
}  // namespace piccolo_test
