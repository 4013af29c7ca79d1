// The objects API: db.save / remove / refresh / get_related / get_or_create on both
// engines, synchronously; columns by position; two writers racing on get_or_create;
// constraint failures and a killed connection. (The asynchronous forms and the pool:
// objects_async_test.cpp.)

#include <atomic>
#include <barrier>
#include <cstdlib>
#include <thread>

#include "fixture.hpp"

using namespace piccolo_test;

namespace {

template <class Engine>
class objects_api_test : public example_test<Engine> {};
TYPED_TEST_SUITE(objects_api_test, engines, engine_names);

Band stored_band(auto& db, std::int64_t id) {
  return *db.run(pc::objects<Band>().get(c<&Band::id> == id));
}

// ---- columns by position ------------------------------------------------------------

TYPED_TEST(objects_api_test, columns_by_position_select_and_filter_as_member_pointers_do) {
  auto by_member = this->db.run(pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>)
                                    .where(c<&Band::popularity> >= 500)
                                    .order_by(c<&Band::name>));
  auto by_position = this->db.run(pc::select(pc::column_at<Band, 1>, c<&Band::manager, pc::field<Manager, 1>>)
                                      .where(pc::column_at<Band, 3> >= 500)
                                      .order_by(pc::column_at<Band, 1>));
  using row = std::tuple<std::string, std::optional<std::string>>;
  EXPECT_EQ(by_position, (std::vector<row>{{"Pythonistas", "Guido"}, {"Rustaceans", "Graydon"}}));
  EXPECT_EQ(by_position, by_member);
}

// ---- save ---------------------------------------------------------------------------

TYPED_TEST(objects_api_test, save_inserts_a_row_whose_key_is_unset_and_writes_the_key_back) {
  Band band{.name = "Gophers", .manager = 2, .popularity = 300};
  this->db.save(band);
  ASSERT_TRUE(band.id.has_value());
  EXPECT_EQ(band.id, 4);
  Band stored = stored_band(this->db, 4);
  EXPECT_EQ(std::string{stored.name}, "Gophers");
  EXPECT_EQ(stored.manager, std::optional<pc::foreign_key<Manager>>{2});
  EXPECT_EQ(stored.popularity, 300);
}

TYPED_TEST(objects_api_test, save_updates_every_column_of_a_row_whose_key_is_set) {
  Band band = stored_band(this->db, 2);
  band.name = "Crabs";
  band.manager = std::nullopt;
  band.popularity = 501;
  band.website = "https://rust-lang.org";
  this->db.save(band);
  Band stored = stored_band(this->db, 2);
  EXPECT_EQ(std::string{stored.name}, "Crabs");
  EXPECT_EQ(stored.manager, std::nullopt);
  EXPECT_EQ(stored.popularity, 501);
  EXPECT_EQ(stored.website, "https://rust-lang.org");
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(objects_api_test, save_with_columns_updates_only_those) {
  Band band = stored_band(this->db, 1);
  band.name = "not saved";
  band.popularity = 2000;
  this->db.save(band, c<&Band::popularity>);
  Band stored = stored_band(this->db, 1);
  EXPECT_EQ(std::string{stored.name}, "Pythonistas");
  EXPECT_EQ(stored.popularity, 2000);
}

TYPED_TEST(objects_api_test, save_of_a_removed_row_is_not_found) {
  Band band = stored_band(this->db, 3);
  this->db.run(pc::delete_from<Band>().where(c<&Band::id> == 3));
  band.popularity = 11;
  PICCOLO_EXPECT_ERROR(this->db.save(band), pc::errc::not_found);
  PICCOLO_EXPECT_ERROR(this->db.save(band, c<&Band::popularity>), pc::errc::not_found);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 2);
}

TYPED_TEST(objects_api_test, save_upserts_a_row_with_a_composite_key) {
  this->db.run(pc::create_table<Membership>());
  Membership member{.band = 1, .musician = "Guido", .instrument = "keyboard"};
  this->db.save(member);
  member.instrument = "bass";
  this->db.save(member);
  Membership drummer{.band = 1, .musician = "Barry", .instrument = "drums"};
  this->db.save(drummer);
  auto rows = this->db.run(pc::select(c<&Membership::musician>, c<&Membership::instrument>)
                               .order_by(c<&Membership::musician>));
  using row = std::tuple<std::string, std::string>;
  EXPECT_EQ(rows, (std::vector<row>{{"Barry", "drums"}, {"Guido", "bass"}}));
}

TYPED_TEST(objects_api_test, save_upserts_a_row_with_a_text_key) {
  this->db.run(pc::create_table<Country>());
  Country country{.code = "NL", .name = "Holland"};
  this->db.save(country);
  country.name = "Netherlands";
  this->db.save(country);
  EXPECT_EQ(this->db.run(pc::select(c<&Country::name>)), (std::vector<std::string>{"Netherlands"}));
}

TYPED_TEST(objects_api_test, save_violating_a_constraint_throws_and_leaves_the_key_unset) {
  Band band{.name = "Pythonistas", .manager = 1};  // name is unique
  PICCOLO_EXPECT_ERROR(this->db.save(band), pc::errc::unique_violation);
  EXPECT_FALSE(band.id.has_value());
  Band orphan{.name = "Orphans", .manager = 99};
  PICCOLO_EXPECT_ERROR(this->db.save(orphan), pc::errc::foreign_key_violation);
  EXPECT_FALSE(orphan.id.has_value());
  Band second = stored_band(this->db, 2);
  second.name = "Pythonistas";
  PICCOLO_EXPECT_ERROR(this->db.save(second), pc::errc::unique_violation);
  EXPECT_EQ(std::string{stored_band(this->db, 2).name}, "Rustaceans");
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

// ---- remove, refresh ----------------------------------------------------------------

TYPED_TEST(objects_api_test, remove_deletes_the_row_by_its_key) {
  Band band = stored_band(this->db, 3);
  this->db.remove(band);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>)), (std::vector<std::int64_t>{1, 2}));
  this->db.remove(band);  // gone already: nothing to delete
  EXPECT_EQ(this->db.run(pc::count<Band>()), 2);
}

TYPED_TEST(objects_api_test, remove_by_a_composite_key_deletes_one_row) {
  this->db.run(pc::create_table<Membership>());
  this->db.run(pc::insert(Membership{.band = 1, .musician = "Guido", .instrument = "keys"},
                          Membership{.band = 2, .musician = "Guido", .instrument = "bass"}));
  this->db.remove(Membership{.band = 1, .musician = "Guido"});
  EXPECT_EQ(this->db.run(pc::select(c<&Membership::instrument>)), (std::vector<std::string>{"bass"}));
}

TYPED_TEST(objects_api_test, refresh_reads_every_column_again) {
  Band band = stored_band(this->db, 1);
  this->db.run(pc::update<Band>()
                   .set(c<&Band::popularity> = 1001, c<&Band::website> = std::nullopt)
                   .where(c<&Band::id> == 1));
  band.name = "changed here";
  this->db.refresh(band);
  EXPECT_EQ(std::string{band.name}, "Pythonistas");
  EXPECT_EQ(band.popularity, 1001);
  EXPECT_EQ(band.website, std::nullopt);
}

TYPED_TEST(objects_api_test, refresh_of_a_removed_row_is_not_found_and_leaves_the_object) {
  Band band = stored_band(this->db, 3);
  this->db.remove(band);
  band.popularity = 12;
  PICCOLO_EXPECT_ERROR(this->db.refresh(band), pc::errc::not_found);
  EXPECT_EQ(band.popularity, 12);
  EXPECT_EQ(std::string{band.name}, "C-Sharps");
}

// ---- get_related ----------------------------------------------------------------------

TYPED_TEST(objects_api_test, get_related_returns_the_referenced_row) {
  std::optional<Manager> manager = this->db.get_related(stored_band(this->db, 2), c<&Band::manager>);
  ASSERT_TRUE(manager);
  EXPECT_EQ(manager->id, 2);
  EXPECT_EQ(std::string{manager->name}, "Graydon");
  // a key that is not optional
  auto concert = *this->db.run(pc::objects<Concert>().get(c<&Concert::id> == 2));
  std::optional<Venue> venue = this->db.get_related(concert, c<&Concert::venue>);
  ASSERT_TRUE(venue);
  EXPECT_EQ(std::string{venue->name}, "Smallish Venue");
}

TYPED_TEST(objects_api_test, get_related_of_a_null_key_is_empty) {
  Band band{.name = "Solo"};
  this->db.save(band);
  EXPECT_EQ(this->db.get_related(band, c<&Band::manager>), std::nullopt);
}

// ---- get_or_create ----------------------------------------------------------------------

TYPED_TEST(objects_api_test, get_or_create_returns_the_row_the_query_finds) {
  auto [band, created] = this->db.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Rustaceans"),
                                                Band{.name = "Rustaceans", .popularity = 1});
  EXPECT_FALSE(created);
  EXPECT_EQ(band.id, 2);
  EXPECT_EQ(band.popularity, 500);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(objects_api_test, get_or_create_inserts_a_missing_row_and_returns_it_as_stored) {
  auto [band, created] = this->db.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Gophers"),
                                                Band{.name = "Gophers", .manager = 3});
  EXPECT_TRUE(created);
  EXPECT_EQ(band.id, 4);
  EXPECT_EQ(std::string{band.name}, "Gophers");
  EXPECT_EQ(band.popularity, 0);
  auto again = this->db.get_or_create(pc::objects<Band>().get(c<&Band::name> == "Gophers"), Band{.name = "Gophers"});
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.row.id, 4);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 4);
}

TYPED_TEST(objects_api_test, get_or_create_whose_row_conflicts_with_one_the_query_misses_is_a_unique_violation) {
  // the query looks for popularity 7; the new row's name is taken by another row
  PICCOLO_EXPECT_ERROR(this->db.get_or_create(pc::objects<Band>().where(c<&Band::popularity> == 7),
                                              Band{.name = "Pythonistas", .popularity = 7}),
                       pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(objects_api_test, objects_api_runs_inside_a_transaction) {
  Band band{.name = "Rolled back"};
  try {
    this->db.transaction([&](auto& tx) {
      tx.save(band);
      throw std::runtime_error("abort");
    });
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

// ---- asynchronous forms, both engines ----------------------------------------------------

// ---- PostgreSQL: two writers racing, a killed connection --------------------------------

class objects_api_postgres_test : public postgres_fault_fixture {};

TEST_F(objects_api_postgres_test, two_writers_racing_on_get_or_create_agree_on_one_row) {
  constexpr int rounds = 40;
  pc::postgres::database first{schema.conninfo()};
  pc::postgres::database second{schema.conninfo()};
  std::vector<pc::get_or_create_result<Band>> a(rounds), b(rounds);
  std::barrier start{2};
  auto writer = [&](pc::postgres::database& db, std::vector<pc::get_or_create_result<Band>>& out) {
    for (int i = 0; i < rounds; ++i) {
      std::string name = "band " + std::to_string(i);
      start.arrive_and_wait();
      out[i] = db.get_or_create(pc::objects<Band>().where(c<&Band::name> == name), Band{.name = name});
    }
  };
  std::thread one{writer, std::ref(first), std::ref(a)};
  std::thread two{writer, std::ref(second), std::ref(b)};
  one.join();
  two.join();
  for (int i = 0; i < rounds; ++i) {
    EXPECT_EQ(a[i].row.id, b[i].row.id) << "round " << i;
    EXPECT_EQ(std::string{a[i].row.name}, "band " + std::to_string(i));
    EXPECT_EQ(int{a[i].created} + int{b[i].created}, 1) << "round " << i;
  }
  EXPECT_EQ(first.run(pc::count<Band>()), rounds);
}

TEST_F(objects_api_postgres_test, a_killed_connection_during_get_or_create_is_connection_lost_and_creates_nothing) {
  pc::postgres::database db{schema.conninfo()};
  kill_backend(schema.conninfo(), db.backend_pid());
  PICCOLO_EXPECT_ERROR(
      db.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Ghosts"), Band{.name = "Ghosts"}),
      pc::errc::connection_lost);
  pc::postgres::database other{schema.conninfo()};
  EXPECT_EQ(other.run(pc::count<Band>().where(c<&Band::name> == "Ghosts")), 0);
  // the next use reconnects
  EXPECT_TRUE(db.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Ghosts"), Band{.name = "Ghosts"}).created);
}

}  // namespace
