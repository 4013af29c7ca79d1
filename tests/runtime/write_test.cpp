// insert / update / delete_from: rows written, keys assigned, returning, atomic batches.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class write_test : public example_test<Engine> {};
TYPED_TEST_SUITE(write_test, engines, engine_names);

using strings = std::vector<std::string>;
using ids = std::vector<std::int64_t>;

// ---- insert --------------------------------------------------------------------------------

TYPED_TEST(write_test, insert_one_row_returns_one_and_the_database_assigns_the_serial_key) {
  std::int64_t inserted = this->db.run(pc::insert(Manager{.name = "Anders"}));
  EXPECT_EQ(inserted, 1);
  std::optional<Manager> anders = this->db.run(pc::objects<Manager>().get(c<&Manager::name> == "Anders"));
  ASSERT_TRUE(anders.has_value());
  EXPECT_EQ(anders->id, 4);
  EXPECT_TRUE(anders->id.has_value());
}

TYPED_TEST(write_test, insert_returning_gives_the_assigned_keys) {
  ids assigned = this->db.run(pc::insert(Manager{.name = "Anders"}).returning(c<&Manager::id>));
  EXPECT_EQ(assigned, (ids{4}));
  assigned = this->db.run(
      pc::insert(Manager{.name = "Bjarne"}, Manager{.name = "Dennis"}).returning(c<&Manager::id>));
  EXPECT_EQ(assigned, (ids{5, 6}));
}

TYPED_TEST(write_test, insert_returning_several_columns_gives_tuples) {
  std::vector<std::tuple<std::int64_t, std::string, int>> rows = this->db.run(
      pc::insert(Band{.name = "Gophers", .manager = 1, .popularity = 300})
          .returning(c<&Band::id>, c<&Band::name>, c<&Band::popularity>));
  EXPECT_EQ(rows, (std::vector<std::tuple<std::int64_t, std::string, int>>{{4, "Gophers", 300}}));
}

TYPED_TEST(write_test, insert_keeps_an_explicit_key) {
  std::int64_t inserted = this->db.run(pc::insert(Manager{.id = 42, .name = "Anders"}));
  EXPECT_EQ(inserted, 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>).where(c<&Manager::id> == 42)), (strings{"Anders"}));
  // the next assigned key follows the largest one
  EXPECT_EQ(this->db.run(pc::insert(Manager{.name = "Bjarne"}).returning(c<&Manager::id>)), (ids{43}));
}

TYPED_TEST(write_test, insert_several_rows_at_once) {
  std::int64_t inserted = this->db.run(
      pc::insert(Manager{.name = "Anders"}, Manager{.name = "Bjarne"}, Manager{.name = "Dennis"}));
  EXPECT_EQ(inserted, 3);
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>).where(c<&Manager::id> > 3).order_by(c<&Manager::id>)),
            (strings{"Anders", "Bjarne", "Dennis"}));
}

TYPED_TEST(write_test, insert_a_range_by_reference) {
  std::vector<Manager> managers{{.name = "Anders"}, {.name = "Bjarne"}};
  std::int64_t inserted = this->db.run(pc::insert(managers));
  EXPECT_EQ(inserted, 2);
  EXPECT_EQ(managers.size(), 2u);  // read in place, left alone
  EXPECT_EQ(managers[1].name, "Bjarne");
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>).where(c<&Manager::id> > 3).order_by(c<&Manager::id>)),
            (strings{"Anders", "Bjarne"}));
}

TYPED_TEST(write_test, insert_a_moved_range) {
  std::vector<Manager> managers{{.name = "Anders"}, {.name = "Bjarne"}};
  auto query = pc::insert(std::move(managers)).returning(c<&Manager::id>, c<&Manager::name>);
  std::vector<std::tuple<std::int64_t, std::string>> rows = this->db.run(query);
  EXPECT_EQ(rows, (std::vector<std::tuple<std::int64_t, std::string>>{{4, "Anders"}, {5, "Bjarne"}}));
}

TYPED_TEST(write_test, insert_an_empty_range_inserts_nothing) {
  std::vector<Manager> none;
  EXPECT_EQ(this->db.run(pc::insert(none)), 0);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 3);
}

TYPED_TEST(write_test, a_batch_insert_is_all_or_nothing) {
  // the second row repeats a unique name: neither row stays
  std::vector<Band> bands{{.name = "Gophers", .popularity = 1}, {.name = "Pythonistas", .popularity = 2},
                          {.name = "Haskellers", .popularity = 3}};
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(bands)), pc::errc::unique_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Band{.name = "Gophers"}, Band{.name = "Gophers"})),
                       pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
  EXPECT_FALSE(this->db.run(pc::exists<Band>().where(c<&Band::name> == "Gophers")));
  // the connection is usable afterwards, and not left inside a transaction
  EXPECT_EQ(this->db.run(pc::insert(Band{.name = "Gophers"})), 1);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 4);
}

// ---- update --------------------------------------------------------------------------------

TYPED_TEST(write_test, update_sets_a_value_on_matching_rows) {
  std::int64_t changed =
      this->db.run(pc::update<Band>().set(c<&Band::popularity> = 2000).where(c<&Band::name> == "Rustaceans"));
  EXPECT_EQ(changed, 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::popularity>).order_by(c<&Band::id>)), (std::vector<int>{1000, 2000, 10}));
  changed = this->db.run(pc::update<Band>().set(c<&Band::popularity> = 5).where(c<&Band::name> == "Nobody"));
  EXPECT_EQ(changed, 0);
}

TYPED_TEST(write_test, update_with_an_expression_uses_the_current_value) {
  std::int64_t changed = this->db.run(pc::update<Band>()
                                          .set(c<&Band::popularity> = c<&Band::popularity> + 1)
                                          .where(c<&Band::popularity> >= 500));
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::popularity>).order_by(c<&Band::id>)), (std::vector<int>{1001, 501, 10}));
  this->db.run(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> * 2 - 1).where(c<&Band::id> == 3));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::popularity>).where(c<&Band::id> == 3)), (std::vector<int>{19}));
}

TYPED_TEST(write_test, update_concatenates_text) {
  this->db.run(pc::update<Band>().set(c<&Band::name> = c<&Band::name> + "!").where(c<&Band::id> == 1));
  this->db.run(pc::update<Band>().set(c<&Band::website> = c<&Band::website> + "/about").force());
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::id>)),
            (strings{"Pythonistas!", "Rustaceans", "C-Sharps"}));
  // NULL || text stays NULL
  std::vector<std::optional<std::string>> sites = this->db.run(pc::select(c<&Band::website>).order_by(c<&Band::id>));
  EXPECT_EQ(sites, (std::vector<std::optional<std::string>>{"https://python.org/about", std::nullopt,
                                                            "https://dotnet.microsoft.com/about"}));
}

TYPED_TEST(write_test, update_sets_several_columns_and_null) {
  std::int64_t changed = this->db.run(pc::update<Band>()
                                          .set(c<&Band::website> = std::nullopt, c<&Band::manager> = std::nullopt)
                                          .set(c<&Band::name> = "Pythonistas II")
                                          .where(c<&Band::id> == 1));
  EXPECT_EQ(changed, 1);
  std::optional<Band> band = this->db.run(pc::objects<Band>().get(c<&Band::id> == 1));
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->name, "Pythonistas II");
  EXPECT_EQ(band->website, std::nullopt);
  EXPECT_EQ(band->manager, std::nullopt);
  EXPECT_EQ(band->popularity, 1000);
}

TYPED_TEST(write_test, update_returning_gives_the_new_values) {
  std::vector<std::tuple<std::int64_t, int>> rows =
      this->db.run(pc::update<Band>()
                       .set(c<&Band::popularity> = c<&Band::popularity> + 5)
                       .where(c<&Band::popularity> < 1000)
                       .returning(c<&Band::id>, c<&Band::popularity>));
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<std::tuple<std::int64_t, int>>{{2, 505}, {3, 15}}));
}

TYPED_TEST(write_test, update_where_follows_a_foreign_key) {
  std::int64_t changed = this->db.run(pc::update<Band>()
                                          .set(c<&Band::popularity> = 0)
                                          .where(c<&Band::manager, &Manager::name> == "Graydon"));
  EXPECT_EQ(changed, 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::popularity>).order_by(c<&Band::id>)), (std::vector<int>{1000, 0, 10}));
  // two levels: tickets of concerts headlined by a band managed by Guido
  changed = this->db.run(pc::update<Ticket>()
                             .set(c<&Ticket::price> = c<&Ticket::price> * 2)
                             .where(c<&Ticket::concert, &Concert::band_1, &Band::manager, &Manager::name> == "Guido"));
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Ticket::price>).order_by(c<&Ticket::id>)), (std::vector<double>{100.0, 151.0, 30.0}));
}

TYPED_TEST(write_test, update_force_changes_every_row) {
  EXPECT_EQ(this->db.run(pc::update<Venue>().set(c<&Venue::capacity> = 1).force()), 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Venue::capacity>)), (std::vector<int>{1, 1}));
}

TYPED_TEST(write_test, update_with_a_too_long_varchar_fails_and_changes_nothing) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::update<Manager>().set(c<&Manager::name> = std::string(51, 'x')).where(c<&Manager::id> == 1)),
                       pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>).where(c<&Manager::id> == 1)), (strings{"Guido"}));
}

// ---- delete --------------------------------------------------------------------------------

TYPED_TEST(write_test, delete_removes_matching_rows) {
  std::int64_t removed = this->db.run(pc::delete_from<Ticket>().where(c<&Ticket::price> < 60.0));
  EXPECT_EQ(removed, 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Ticket::id>)), (ids{2}));
  EXPECT_EQ(this->db.run(pc::delete_from<Ticket>().where(c<&Ticket::id> == 99)), 0);
}

TYPED_TEST(write_test, delete_where_follows_a_foreign_key) {
  std::int64_t removed =
      this->db.run(pc::delete_from<Ticket>().where(c<&Ticket::concert, &Concert::venue, &Venue::name> == "Amazing Venue"));
  EXPECT_EQ(removed, 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Ticket::id>)), (ids{3}));
}

TYPED_TEST(write_test, delete_returning_gives_the_removed_rows) {
  std::vector<std::tuple<std::int64_t, std::string>> rows =
      this->db.run(pc::delete_from<Venue>().where(c<&Venue::capacity> < 1000).returning(c<&Venue::id>, c<&Venue::name>));
  // concert 2 was at the deleted venue: it cascades away with its ticket
  EXPECT_EQ(rows, (std::vector<std::tuple<std::int64_t, std::string>>{{2, "Smallish Venue"}}));
  EXPECT_EQ(this->db.run(pc::select(c<&Concert::id>)), (ids{1}));
}

TYPED_TEST(write_test, delete_force_removes_every_row) {
  EXPECT_EQ(this->db.run(pc::delete_from<Ticket>().force()), 3);
  EXPECT_EQ(this->db.run(pc::count<Ticket>()), 0);
}

}  // namespace
}  // namespace piccolo_test
