// insert(...).on_conflict(...): DO NOTHING and DO UPDATE, their where() and returning(),
// batches, multi-column unique constraints as targets, and serial keys of rows that
// conflicted (the PostgreSQL sequence does not move for them).

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class upsert_test : public example_test<Engine> {
 protected:
  int popularity_of(const char* name) {
    std::vector<int> found = this->db.run(pc::select(c<&Band::popularity>).where(c<&Band::name> == name));
    return found.size() == 1 ? found[0] : -1;
  }
  // The key the database assigns to the next row inserted without one.
  std::int64_t next_band_key() {
    std::vector<std::int64_t> id = this->db.run(
        pc::insert(Band{.name = "Next " + std::to_string(++probes_), .manager = 1}).returning(c<&Band::id>));
    return id.at(0);
  }
  // What an inserted row's key is after n rows with unset keys conflicted: PostgreSQL
  // computes a row's values, nextval() included, before it knows of the conflict, so
  // each such row leaves a gap (see unset_key_of_a_conflicting_row_leaves_a_gap_on_postgres_only).
  static std::int64_t after_gaps(std::int64_t key, std::int64_t conflicted) {
    return Engine::is_sqlite ? key : key + conflicted;
  }
  int probes_ = 0;
};
TYPED_TEST_SUITE(upsert_test, engines, engine_names);

using ids = std::vector<std::int64_t>;
using name_popularity = std::vector<std::tuple<std::string, int>>;

// A unique constraint over two columns.
struct Gig {
  pc::serial id;
  pc::foreign_key<Band> band;
  std::chrono::year_month_day day;
  std::string note;
  static constexpr auto column_options() { return pc::options(pc::unique<&Gig::band, &Gig::day>); }
};

constexpr std::chrono::year_month_day may_1 = std::chrono::year{2024} / 5 / 1;
constexpr std::chrono::year_month_day may_2 = std::chrono::year{2024} / 5 / 2;

// ---- DO NOTHING ----------------------------------------------------------------------

TYPED_TEST(upsert_test, do_nothing_keeps_the_existing_row_and_counts_nothing) {
  std::int64_t written = this->db.run(
      pc::insert(Band{.name = "Pythonistas", .manager = 2, .popularity = 1200}).on_conflict(pc::do_nothing));
  EXPECT_EQ(written, 0);
  EXPECT_EQ(this->popularity_of("Pythonistas"), 1000);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(upsert_test, do_nothing_inserts_a_row_that_does_not_conflict) {
  std::int64_t written = this->db.run(
      pc::insert(Band{.name = "Gophers", .manager = 2, .popularity = 300}).on_conflict(c<&Band::name>));
  EXPECT_EQ(written, 1);
  EXPECT_EQ(this->popularity_of("Gophers"), 300);
}

TYPED_TEST(upsert_test, a_target_leaves_other_constraints_enforced) {
  // the key conflicts, not the name: ON CONFLICT ("name") does not cover it
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Band{.id = 1, .name = "Gophers", .manager = 1})
                                        .on_conflict(c<&Band::name>)),
                       pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::insert(Band{.id = 1, .name = "Gophers", .manager = 1}).on_conflict(c<&Band::id>)), 0);
}

TYPED_TEST(upsert_test, do_nothing_returning_gives_no_row_for_a_conflict) {
  ids conflicting = this->db.run(
      pc::insert(Band{.name = "Pythonistas", .manager = 1}).on_conflict(pc::do_nothing).returning(c<&Band::id>));
  EXPECT_EQ(conflicting, ids{});
  ids inserted = this->db.run(
      pc::insert(Band{.name = "Gophers", .manager = 1}).on_conflict(pc::do_nothing).returning(c<&Band::id>));
  EXPECT_EQ(inserted, (ids{this->after_gaps(4, 1)}));
}

// ---- DO UPDATE ---------------------------------------------------------------------

TYPED_TEST(upsert_test, do_update_takes_the_proposed_value_and_keeps_the_rest) {
  std::int64_t written =
      this->db.run(pc::insert(Band{.name = "Pythonistas", .manager = 3, .popularity = 1200, .website = "x"})
                       .on_conflict(c<&Band::name>)
                       .do_update(c<&Band::popularity> = pc::excluded(c<&Band::popularity>)));
  EXPECT_EQ(written, 1);
  auto band = this->db.run(pc::objects<Band>().get(c<&Band::name> == "Pythonistas"));
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->id, 1);
  EXPECT_EQ(band->popularity, 1200);
  ASSERT_TRUE(band->manager.has_value());
  EXPECT_EQ(band->manager->value(), 1);
  EXPECT_EQ(band->website, std::optional<std::string>{"https://python.org"});
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(upsert_test, do_update_with_a_column_alone_takes_its_proposed_value) {
  this->db.run(pc::insert(Band{.name = "Rustaceans", .manager = 3, .popularity = 700, .website = "https://rust-lang.org"})
                   .on_conflict(c<&Band::name>)
                   .do_update(c<&Band::popularity>, c<&Band::website>));
  auto band = this->db.run(pc::objects<Band>().get(c<&Band::name> == "Rustaceans"));
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->popularity, 700);
  EXPECT_EQ(band->website, std::optional<std::string>{"https://rust-lang.org"});
  ASSERT_TRUE(band->manager.has_value());
  EXPECT_EQ(band->manager->value(), 2);
}

TYPED_TEST(upsert_test, do_update_binds_values_and_reads_both_rows) {
  this->db.run(pc::insert(Band{.name = "C-Sharps", .manager = 1, .popularity = 5})
                   .on_conflict(c<&Band::name>)
                   .do_update(c<&Band::popularity> = c<&Band::popularity> + pc::excluded(c<&Band::popularity>),
                              c<&Band::website> = "https://learn.microsoft.com"));
  auto band = this->db.run(pc::objects<Band>().get(c<&Band::name> == "C-Sharps"));
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->popularity, 15);
  EXPECT_EQ(band->website, std::optional<std::string>{"https://learn.microsoft.com"});
}

TYPED_TEST(upsert_test, do_update_where_updates_only_matching_conflicts) {
  auto upsert = [&](int popularity) {
    return this->db.run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = popularity})
                            .on_conflict(c<&Band::name>)
                            .do_update(c<&Band::popularity>)
                            .where(c<&Band::popularity> < pc::excluded(c<&Band::popularity>)));
  };
  EXPECT_EQ(upsert(900), 0);  // lower: left alone
  EXPECT_EQ(this->popularity_of("Pythonistas"), 1000);
  EXPECT_EQ(upsert(1100), 1);
  EXPECT_EQ(this->popularity_of("Pythonistas"), 1100);
}

TYPED_TEST(upsert_test, do_update_returning_gives_the_updated_and_the_inserted_rows) {
  auto upsert = [&](Band band) {
    return this->db.run(pc::insert(std::move(band))
                            .on_conflict(c<&Band::name>)
                            .do_update(c<&Band::popularity>)
                            .returning(c<&Band::id>, c<&Band::popularity>));
  };
  using rows = std::vector<std::tuple<std::int64_t, int>>;
  EXPECT_EQ(upsert(Band{.name = "Rustaceans", .manager = 2, .popularity = 650}), (rows{{2, 650}}));
  EXPECT_EQ(upsert(Band{.name = "Gophers", .manager = 2, .popularity = 40}), (rows{{this->after_gaps(4, 1), 40}}));
}

TYPED_TEST(upsert_test, composite_key_as_target) {
  this->db.run(pc::create_table<Membership>());
  this->db.run(pc::insert(Membership{.band = 1, .musician = "Guido", .instrument = "bass"}));
  auto upsert = pc::insert(Membership{.band = 1, .musician = "Guido", .instrument = "drums"})
                    .on_conflict(c<&Membership::musician>, c<&Membership::band>)
                    .do_update(c<&Membership::instrument>);
  EXPECT_EQ(this->db.run(upsert), 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Membership::instrument>)), (std::vector<std::string>{"drums"}));
}

TYPED_TEST(upsert_test, multi_column_unique_constraint_is_enforced_and_is_a_target) {
  this->db.run(pc::create_table<Gig>());
  this->db.run(pc::insert(Gig{.band = 1, .day = may_1, .note = "first"}));
  // the pair is unique, each column alone is not
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Gig{.band = 1, .day = may_1, .note = "again"})),
                       pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::insert(Gig{.band = 2, .day = may_1, .note = "other band"})), 1);
  auto upsert = [&](Gig gig) {
    return this->db.run(pc::insert(std::move(gig))
                            .on_conflict(c<&Gig::band>, c<&Gig::day>)
                            .do_update(c<&Gig::note>)
                            .returning(c<&Gig::id>, c<&Gig::note>));
  };
  using rows = std::vector<std::tuple<std::int64_t, std::string>>;
  EXPECT_EQ(upsert(Gig{.band = 1, .day = may_1, .note = "moved"}), (rows{{1, "moved"}}));
  EXPECT_EQ(upsert(Gig{.band = 1, .day = may_2, .note = "second"}), (rows{{this->after_gaps(3, 2), "second"}}));
  EXPECT_EQ(this->db.run(pc::count<Gig>()), 3);
}

// ---- batches -------------------------------------------------------------------------

TYPED_TEST(upsert_test, batch_do_update_inserts_new_rows_and_updates_conflicting_ones) {
  std::vector<Band> bands{{.name = "Pythonistas", .manager = 1, .popularity = 2000},
                          {.name = "Gophers", .manager = 2, .popularity = 300},
                          {.name = "Rustaceans", .manager = 2, .popularity = 600}};
  std::int64_t written = this->db.run(pc::insert(bands).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>));
  EXPECT_EQ(written, 3);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>, c<&Band::popularity>).order_by(c<&Band::id>)),
            (name_popularity{{"Pythonistas", 2000}, {"Rustaceans", 600}, {"C-Sharps", 10}, {"Gophers", 300}}));
}

TYPED_TEST(upsert_test, batch_do_nothing_returns_only_the_inserted_rows) {
  std::vector<std::tuple<std::int64_t, std::string>> returned =
      this->db.run(pc::insert(Band{.name = "Gophers", .manager = 1}, Band{.name = "C-Sharps", .manager = 1},
                              Band{.name = "Crabs", .manager = 2})
                       .on_conflict(pc::do_nothing)
                       .returning(c<&Band::id>, c<&Band::name>));
  EXPECT_EQ(returned, (std::vector<std::tuple<std::int64_t, std::string>>{{4, "Gophers"}, {this->after_gaps(5, 1), "Crabs"}}));
  EXPECT_EQ(this->db.run(pc::count<Band>()), 5);
}

TYPED_TEST(upsert_test, batch_whose_do_update_binds_a_value_runs_row_by_row) {
  std::vector<Band> bands{{.name = "Pythonistas", .manager = 1, .popularity = 1},
                          {.name = "Gophers", .manager = 2, .popularity = 300}};
  auto query = pc::insert(bands).on_conflict(c<&Band::name>).do_update(c<&Band::website> = "https://example.org");
  static_assert(!decltype(query)::columnar_on_postgres);
  EXPECT_EQ(this->db.run(query), 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::website>).where(c<&Band::name> == "Pythonistas")),
            (std::vector<std::optional<std::string>>{"https://example.org"}));
  EXPECT_EQ(this->popularity_of("Pythonistas"), 1000);
  EXPECT_EQ(this->popularity_of("Gophers"), 300);
}

TYPED_TEST(upsert_test, a_failing_row_leaves_nothing_of_an_upsert_batch) {
  std::vector<Band> bands{{.name = "Pythonistas", .manager = 1, .popularity = 2000},
                          {.name = "Gophers", .manager = 99, .popularity = 300}};  // no manager 99
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(bands).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>)),
                       pc::errc::foreign_key_violation);
  EXPECT_EQ(this->popularity_of("Pythonistas"), 1000);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

// PostgreSQL's single statement cannot update one row twice (SQLSTATE 21000); SQLite runs
// the rows one after the other, the later one winning.
TYPED_TEST(upsert_test, batch_naming_a_row_twice_for_do_update) {
  std::vector<Band> bands{{.name = "Gophers", .manager = 1, .popularity = 1},
                          {.name = "Gophers", .manager = 1, .popularity = 2}};
  auto query = pc::insert(bands).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>);
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(this->db.run(query), 2);
    EXPECT_EQ(this->popularity_of("Gophers"), 2);
  } else {
    PICCOLO_EXPECT_ERROR(this->db.run(query), pc::errc::engine_error);
    EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
  }
}

// ---- serial keys ---------------------------------------------------------------------

TYPED_TEST(upsert_test, explicit_key_of_a_conflicting_row_does_not_move_the_sequence) {
  EXPECT_EQ(this->db.run(pc::insert(Band{.id = 1000, .name = "Pythonistas", .manager = 1}).on_conflict(pc::do_nothing)), 0);
  EXPECT_EQ(this->db.run(pc::insert(Band{.id = 2000, .name = "Rustaceans", .manager = 1, .popularity = 7})
                             .on_conflict(c<&Band::name>)
                             .do_update(c<&Band::popularity>)),
            1);
  std::vector<Band> batch{{.id = 3000, .name = "C-Sharps", .manager = 1}};
  EXPECT_EQ(this->db.run(pc::insert(batch).on_conflict(c<&Band::name>)), 0);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).where(c<&Band::name> == "Rustaceans")), (ids{2}));
  EXPECT_EQ(this->next_band_key(), 4);
}

TYPED_TEST(upsert_test, explicit_key_of_an_inserted_row_moves_the_sequence) {
  EXPECT_EQ(this->db.run(pc::insert(Band{.id = 100, .name = "Gophers", .manager = 1}).on_conflict(pc::do_nothing)), 1);
  EXPECT_EQ(this->next_band_key(), 101);
  std::vector<Band> batch{{.id = 200, .name = "Crabs", .manager = 1}, {.id = 5000, .name = "Gophers", .manager = 1}};
  EXPECT_EQ(this->db.run(pc::insert(batch).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>)), 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).where(c<&Band::name> == "Gophers")), (ids{100}));
  EXPECT_EQ(this->next_band_key(), 201);
}

// PostgreSQL computes a row's values, nextval() included, before it knows of the
// conflict: an unset key of a row that conflicted uses up a number (a gap, as in any
// PostgreSQL INSERT ... ON CONFLICT). SQLite assigns keys only to stored rows.
TYPED_TEST(upsert_test, unset_key_of_a_conflicting_row_leaves_a_gap_on_postgres_only) {
  EXPECT_EQ(this->db.run(pc::insert(Band{.name = "Pythonistas", .manager = 1}).on_conflict(pc::do_nothing)), 0);
  EXPECT_EQ(this->next_band_key(), TypeParam::is_sqlite ? 4 : 5);
  // an explicit key takes no number
  EXPECT_EQ(this->db.run(pc::insert(Band{.id = 1, .name = "Rustaceans", .manager = 1}).on_conflict(pc::do_nothing)), 0);
  EXPECT_EQ(this->next_band_key(), TypeParam::is_sqlite ? 5 : 6);
}

// ---- asynchronous --------------------------------------------------------------------

TYPED_TEST(upsert_test, async_run_upserts_a_batch) {
  if constexpr (TypeParam::is_sqlite && !TypeParam::shared_storage) {
    GTEST_SKIP() << "an in-memory database is not shared with a second connection";
  } else {
    boost::asio::io_context io;
    auto async_db = [&] {
      if constexpr (TypeParam::is_sqlite) return typename TypeParam::database{io.get_executor(), this->engine.path};
      else return typename TypeParam::database{io.get_executor(), this->engine.schema.conninfo()};
    }();
    std::vector<Band> bands{{.name = "Pythonistas", .manager = 1, .popularity = 3000},
                            {.name = "Gophers", .manager = 2, .popularity = 30}};
    auto query = pc::insert(bands).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>).returning(c<&Band::name>);
    auto future = async_db.async_run(query, boost::asio::use_future);
    io.run();
    EXPECT_EQ(future.get(), (std::vector<std::string>{"Pythonistas", "Gophers"}));
    EXPECT_EQ(this->popularity_of("Pythonistas"), 3000);
  }
}

}  // namespace
}  // namespace piccolo_test
