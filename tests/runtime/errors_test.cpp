// What only the database can check comes back as a pc::error with the right code, and
// the failed statement leaves nothing behind.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class errors_test : public example_test<Engine> {};
TYPED_TEST_SUITE(errors_test, engines, engine_names);

using strings = std::vector<std::string>;

// Read back through hand-made tables whose columns the database does not constrain.
struct Priced {
  std::int64_t id;
  int price;
};
struct Loose {
  std::int64_t id;
  std::string label;
};
struct Counter {
  std::int64_t id;
  int value;
};
struct Level {
  std::int64_t id;
  std::int16_t value;
};

TYPED_TEST(errors_test, a_repeated_unique_value_is_unique_violation) {
  try {
    this->db.run(pc::insert(Band{.name = "Pythonistas", .popularity = 1}));
    ADD_FAILURE() << "nothing thrown";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::unique_violation);
    EXPECT_EQ(e.code(), pc::errc::unique_violation);  // a std::error_code of piccolo's category
    EXPECT_EQ(e.code().category().name(), std::string{"piccolo"});
    EXPECT_FALSE(e.engine_message().empty());
    EXPECT_NE(std::string{e.what()}.find(e.engine_message()), std::string::npos);
  }
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
  // a repeated serial key is one too
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Manager{.id = 1, .name = "Again"})), pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 3);
}

TYPED_TEST(errors_test, a_missing_referenced_row_is_foreign_key_violation) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Band{.name = "Orphans", .manager = 99})),
                       pc::errc::foreign_key_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::update<Concert>().set(c<&Concert::venue> = 99).where(c<&Concert::id> == 1)),
                       pc::errc::foreign_key_violation);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
  EXPECT_EQ(this->db.run(pc::select(c<&Concert::venue>).order_by(c<&Concert::id>)),
            (std::vector<std::int64_t>{1, 2}));
}

TYPED_TEST(errors_test, null_in_a_not_null_column_is_not_null_violation) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO manager (name) VALUES ({})">(std::nullopt)),
                       pc::errc::not_null_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO band (name, popularity) VALUES ({}, NULL)">("Nulls")),
                       pc::errc::not_null_violation);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 3);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(errors_test, a_failed_check_constraint_is_check_violation) {
  this->db.run(pc::raw<"CREATE TABLE priced (id INTEGER PRIMARY KEY, price INTEGER NOT NULL CHECK (price >= 0))">());
  EXPECT_EQ(this->db.run(pc::raw<"INSERT INTO priced (id, price) VALUES ({}, {})">(1, 10)), 1);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO priced (id, price) VALUES ({}, {})">(2, -1)),
                       pc::errc::check_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::update<Priced>().set(c<&Priced::price> = -5).where(c<&Priced::id> == 1)),
                       pc::errc::check_violation);
  std::vector<Priced> rows = this->db.run(pc::objects<Priced>());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, 1);
  EXPECT_EQ(rows[0].price, 10);
}

TYPED_TEST(errors_test, text_stored_in_an_integer_column_is_type_mismatch) {
  if (!TypeParam::is_sqlite) GTEST_SKIP() << "only SQLite stores text in an INTEGER column";
  this->db.run(pc::raw<"CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)">());
  this->db.run(pc::raw<"INSERT INTO counter (id, value) VALUES (1, {})">("twelve"));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Counter>()), pc::errc::type_mismatch);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Counter::value>)), pc::errc::type_mismatch);
  // a real number is not an integer either
  this->db.run(pc::raw<"UPDATE counter SET value = 1.5">());
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Counter::value>)), pc::errc::type_mismatch);
}

TYPED_TEST(errors_test, a_text_column_read_as_a_number_is_type_mismatch) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT name FROM manager", int>()), pc::errc::type_mismatch);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT popularity FROM band", std::string>()), pc::errc::type_mismatch);
}

TYPED_TEST(errors_test, an_integer_too_large_for_int16_is_out_of_range) {
  this->db.run(pc::raw<"CREATE TABLE level (id INTEGER PRIMARY KEY, value SMALLINT NOT NULL)">());
  // SQLite stores it and piccolo refuses to read it; a stricter engine refuses to store it
  PICCOLO_EXPECT_ERROR(
      {
        this->db.run(pc::raw<"INSERT INTO level (id, value) VALUES (1, {})">(70000));
        this->db.run(pc::objects<Level>());
      },
      pc::errc::out_of_range);
  // an INTEGER column read into a narrower C++ type
  this->db.run(pc::update<Venue>().set(c<&Venue::capacity> = 70000).where(c<&Venue::id> == 1));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT capacity FROM venue WHERE id = 1", std::int16_t>()),
                       pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::raw<"SELECT capacity FROM venue WHERE id = 2", std::int16_t>()),
            (std::vector<std::int16_t>{200}));
}

TYPED_TEST(errors_test, null_read_into_a_non_optional_field_is_unexpected_null) {
  this->db.run(pc::raw<"CREATE TABLE loose (id INTEGER PRIMARY KEY, label TEXT)">());
  this->db.run(pc::raw<"INSERT INTO loose (id, label) VALUES (1, NULL)">());
  PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Loose>()), pc::errc::unexpected_null);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Loose::label>)), pc::errc::unexpected_null);
  // the nullable website read without std::optional
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT website FROM band ORDER BY id", std::string>()),
                       pc::errc::unexpected_null);
}

TYPED_TEST(errors_test, an_unknown_table_is_undefined_object) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT id FROM no_such_table", std::int64_t>()),
                       pc::errc::undefined_object);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Loose>()), pc::errc::undefined_object);
}

TYPED_TEST(errors_test, a_write_waiting_on_a_locked_database_fails_with_busy) {
  if constexpr (!TypeParam::is_sqlite || !TypeParam::shared_storage) {
    GTEST_SKIP() << "needs two SQLite connections to one database file";
  } else {
    auto other = this->engine.connect(pc::sqlite::options{.busy_timeout = 50ms});
    this->db.transaction(
        [&](auto& tx) {
          tx.run(pc::insert(Manager{.name = "Anders"}));
          auto start = std::chrono::steady_clock::now();
          PICCOLO_EXPECT_ERROR(other.run(pc::insert(Manager{.name = "Bjarne"})), pc::errc::busy);
          auto waited = std::chrono::steady_clock::now() - start;
          EXPECT_GE(waited, 40ms);
          EXPECT_LT(waited, 4s);
          // the other connection may still read the last committed state
          EXPECT_EQ(other.run(pc::count<Manager>()), 3);
        },
        pc::sqlite::transaction_mode::immediate);
    // the first connection's transaction committed intact
    strings expected{"Guido", "Graydon", "Mads", "Anders"};
    EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>).order_by(c<&Manager::id>)), expected);
    EXPECT_EQ(other.run(pc::select(c<&Manager::name>).order_by(c<&Manager::id>)), expected);
    // and once the lock is gone the other connection writes
    EXPECT_EQ(other.run(pc::insert(Manager{.name = "Bjarne"})), 1);
    EXPECT_EQ(this->db.run(pc::count<Manager>()), 5);
  }
}

TYPED_TEST(errors_test, a_write_refused_as_read_only_is_read_only) {
  if constexpr (TypeParam::is_sqlite) {
    this->db.run(pc::raw<"PRAGMA query_only = 1">());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Manager{.name = "Anders"})), pc::errc::read_only);
    this->db.run(pc::raw<"PRAGMA query_only = 0">());
  } else {
    // a READ ONLY transaction (a write sent to a hot standby gets the same SQLSTATE 25006)
    PICCOLO_EXPECT_ERROR(this->db.transaction([](auto& tx) { tx.run(pc::insert(Manager{.name = "Anders"})); },
                                              pc::postgres::transaction_options{.read_only = true}),
                         pc::errc::read_only);
  }
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 3);
  EXPECT_EQ(this->db.run(pc::insert(Manager{.name = "Anders"})), 1);
}

TYPED_TEST(errors_test, a_connection_stays_usable_after_errors) {
  for (int i = 0; i < 3; ++i) {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Band{.name = "Pythonistas"})), pc::errc::unique_violation);
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT name FROM manager", int>()), pc::errc::type_mismatch);
  }
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->db.run(pc::insert(Band{.name = "Gophers"})), 1);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 4);
}

}  // namespace
}  // namespace piccolo_test
