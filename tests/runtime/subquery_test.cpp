// Subqueries: is_in / not_in of a select, exists / not exists, correlated through
// pc::outer(), scalar subqueries in the select list and in comparisons, and their
// parameters bound in text order with the outer query's: exact rows on every engine.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class subquery_test : public example_test<Engine> {};
TYPED_TEST_SUITE(subquery_test, engines, engine_names);

TYPED_TEST(subquery_test, is_in_subquery_keeps_rows_whose_value_the_subquery_returns) {
  auto managers = pc::select(c<&Manager::id>).where(c<&Manager::name>.like("G%"));
  std::vector<std::string> names =
      this->db.run(pc::select(c<&Band::name>).where(c<&Band::manager>.is_in(managers)).order_by(c<&Band::name>));
  EXPECT_EQ(names, (std::vector<std::string>{"Pythonistas", "Rustaceans"}));
}

TYPED_TEST(subquery_test, not_in_subquery_drops_rows_whose_value_the_subquery_returns) {
  std::vector<std::string> names = this->db.run(
      pc::select(c<&Band::name>).where(c<&Band::id>.not_in(pc::select(c<&Concert::band_1>))));
  EXPECT_EQ(names, (std::vector<std::string>{"C-Sharps"}));
}

TYPED_TEST(subquery_test, exists_with_an_outer_column_finds_rows_that_have_a_match) {
  auto headlines = pc::select(c<&Concert::id>).where(c<&Concert::band_1> == pc::outer(c<&Band::id>));
  std::vector<std::string> headliners =
      this->db.run(pc::select(c<&Band::name>).where(pc::exists(headlines)).order_by(c<&Band::name>));
  EXPECT_EQ(headliners, (std::vector<std::string>{"Pythonistas", "Rustaceans"}));
  std::vector<std::string> others = this->db.run(pc::select(c<&Band::name>).where(!pc::exists(headlines)));
  EXPECT_EQ(others, (std::vector<std::string>{"C-Sharps"}));
}

TYPED_TEST(subquery_test, correlated_subquery_joins_inside_and_binds_its_values) {
  // venues that sold a ticket dearer than 40: ticket -> concert -> venue inside the subquery
  auto dear_ticket = pc::select(c<&Ticket::id>).where(c<&Ticket::concert, &Concert::venue> == pc::outer(c<&Venue::id>) &&
                                                      c<&Ticket::price> > 40.0);
  std::vector<std::string> venues = this->db.run(pc::select(c<&Venue::name>).where(pc::exists(dear_ticket)));
  EXPECT_EQ(venues, (std::vector<std::string>{"Amazing Venue"}));
}

TYPED_TEST(subquery_test, scalar_subquery_compares_with_a_column) {
  // the average popularity is 1510 / 3
  auto average = pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>)));
  std::vector<std::string> above = this->db.run(pc::select(c<&Band::name>).where(c<&Band::popularity> > average));
  EXPECT_EQ(above, (std::vector<std::string>{"Pythonistas"}));
  std::vector<std::string> below =
      this->db.run(pc::select(c<&Band::name>).where(c<&Band::popularity> < average).order_by(c<&Band::name>));
  EXPECT_EQ(below, (std::vector<std::string>{"C-Sharps", "Rustaceans"}));
}

TYPED_TEST(subquery_test, scalar_subqueries_in_the_select_list_read_as_their_types) {
  auto concerts = pc::scalar(pc::count<Concert>().where(c<&Concert::band_1> == pc::outer(c<&Band::id>) ||
                                                        c<&Concert::band_2> == pc::outer(c<&Band::id>)));
  auto manager = pc::scalar(pc::select(c<&Manager::name>).where(c<&Manager::id> == pc::outer(c<&Band::manager>)));
  using row = std::tuple<std::string, std::int64_t, std::optional<std::string>>;
  std::vector<row> rows = this->db.run(pc::select(c<&Band::name>, concerts, manager).order_by(c<&Band::name>));
  EXPECT_EQ(rows, (std::vector<row>{{"C-Sharps", 1, "Mads"}, {"Pythonistas", 1, "Guido"}, {"Rustaceans", 2, "Graydon"}}));
}

TYPED_TEST(subquery_test, scalar_subquery_without_a_row_is_null) {
  auto biggest_venue = pc::scalar(pc::select(c<&Venue::name>).where(c<&Venue::capacity> > 10000));
  using row = std::tuple<std::string, std::optional<std::string>>;
  std::vector<row> rows = this->db.run(pc::select(c<&Band::name>, biggest_venue).where(c<&Band::id> == 1));
  EXPECT_EQ(rows, (std::vector<row>{{"Pythonistas", std::nullopt}}));
}

TYPED_TEST(subquery_test, subquery_parameters_bind_in_text_order_with_the_outer_ones) {
  // outer ?, inner ?, inner LIMIT ?, outer LIMIT ?: each value must land on its own place
  auto q = pc::select(c<&Band::name>)
               .where(c<&Band::popularity> > 5 &&
                      c<&Band::manager>.is_in(pc::select(c<&Manager::id>)
                                                  .where(c<&Manager::name> != "Guido")
                                                  .order_by(c<&Manager::id>)
                                                  .limit(1)))
               .limit(10);
  std::vector<std::string> names = this->db.run(q);
  EXPECT_EQ(names, (std::vector<std::string>{"Rustaceans"}));
}

TYPED_TEST(subquery_test, subquery_correlated_with_its_own_table_reaches_the_outer_row) {
  this->db.run(pc::insert(Band{.name = "Snakes", .manager = 1, .popularity = 200}));
  // Guido's bands average 600; each other band is its manager's only one
  auto manager_average = pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>))
                                        .where(c<&Band::manager> == pc::outer(c<&Band::manager>)));
  std::vector<std::string> above =
      this->db.run(pc::select(c<&Band::name>).where(c<&Band::popularity> > manager_average));
  EXPECT_EQ(above, (std::vector<std::string>{"Pythonistas"}));
  auto same_manager = pc::select(c<&Band::id>).where(c<&Band::manager> == pc::outer(c<&Band::manager>) &&
                                                     c<&Band::id> != pc::outer(c<&Band::id>));
  std::vector<std::string> shared =
      this->db.run(pc::select(c<&Band::name>).where(pc::exists(same_manager)).order_by(c<&Band::name>));
  EXPECT_EQ(shared, (std::vector<std::string>{"Pythonistas", "Snakes"}));
}

TYPED_TEST(subquery_test, delete_with_not_in_subquery_removes_unreferenced_rows) {
  this->db.run(pc::insert(Manager{.name = "Nobody"}));
  this->db.run(pc::delete_from<Manager>().where(c<&Manager::id>.not_in(
      pc::select(c<&Band::manager>).where(c<&Band::manager>.is_not_null()))));
  std::vector<std::string> left = this->db.run(pc::select(c<&Manager::name>).order_by(c<&Manager::id>));
  EXPECT_EQ(left, (std::vector<std::string>{"Guido", "Graydon", "Mads"}));
}

}  // namespace
}  // namespace piccolo_test
