// transaction(): commit on return, rollback and rethrow on throw, nesting as savepoints.

#include <stdexcept>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class transaction_test : public example_test<Engine> {
 protected:
  std::vector<std::string> manager_names() {
    return this->db.run(pc::select(c<&Manager::name>).order_by(c<&Manager::id>));
  }
};
TYPED_TEST_SUITE(transaction_test, engines, engine_names);

using strings = std::vector<std::string>;

struct stop : std::runtime_error {
  stop() : std::runtime_error("stop") {}
};

TYPED_TEST(transaction_test, a_transaction_commits_when_the_function_returns) {
  EXPECT_FALSE(this->db.in_transaction());
  this->db.transaction([&](auto& tx) {
    EXPECT_TRUE(tx.in_transaction());
    tx.run(pc::insert(Manager{.name = "Anders"}));
    tx.run(pc::update<Manager>().set(c<&Manager::name> = "Guido van Rossum").where(c<&Manager::id> == 1));
  });
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->manager_names(), (strings{"Guido van Rossum", "Graydon", "Mads", "Anders"}));
}

TYPED_TEST(transaction_test, a_transaction_returns_the_function_result) {
  std::vector<std::int64_t> ids =
      this->db.transaction([](auto& tx) { return tx.run(pc::insert(Manager{.name = "Anders"}).returning(c<&Manager::id>)); });
  EXPECT_EQ(ids, (std::vector<std::int64_t>{4}));
  EXPECT_EQ(this->db.transaction([](auto& tx) { return tx.run(pc::count<Manager>()); }), 4);
}

TYPED_TEST(transaction_test, a_throwing_function_rolls_back_and_the_exception_propagates) {
  EXPECT_THROW(this->db.transaction([&](auto& tx) {
    tx.run(pc::insert(Manager{.name = "Anders"}));
    tx.run(pc::delete_from<Ticket>().force());
    throw stop{};
  }),
               stop);
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads"}));
  EXPECT_EQ(this->db.run(pc::count<Ticket>()), 3);
}

TYPED_TEST(transaction_test, a_database_error_rolls_back_the_earlier_writes) {
  PICCOLO_EXPECT_ERROR(this->db.transaction([&](auto& tx) {
    tx.run(pc::insert(Manager{.name = "Anders"}));
    tx.run(pc::insert(Band{.name = "Pythonistas"}));  // unique violation
  }),
                       pc::errc::unique_violation);
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads"}));
}

TYPED_TEST(transaction_test, a_nested_transaction_is_a_savepoint_the_outer_one_survives) {
  this->db.transaction([&](auto& outer) {
    outer.run(pc::insert(Manager{.name = "Anders"}));
    try {
      outer.transaction([&](auto& inner) {
        inner.run(pc::insert(Manager{.name = "Bjarne"}));
        inner.run(pc::update<Manager>().set(c<&Manager::name> = "Renamed").force());
        throw stop{};
      });
      ADD_FAILURE() << "the inner exception did not propagate";
    } catch (const stop&) {
    }
    EXPECT_TRUE(outer.in_transaction());
    EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders"}));
    outer.run(pc::insert(Manager{.name = "Dennis"}));
  });
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders", "Dennis"}));
}

TYPED_TEST(transaction_test, a_nested_transaction_commits_with_the_outer_one) {
  this->db.transaction([&](auto& outer) {
    outer.run(pc::insert(Manager{.name = "Anders"}));
    outer.transaction([&](auto& inner) {
      inner.run(pc::insert(Manager{.name = "Bjarne"}));
      inner.transaction([&](auto& innermost) { innermost.run(pc::insert(Manager{.name = "Dennis"})); });
    });
  });
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders", "Bjarne", "Dennis"}));
}

TYPED_TEST(transaction_test, an_outer_rollback_undoes_a_finished_nested_transaction) {
  EXPECT_THROW(this->db.transaction([&](auto& outer) {
    outer.transaction([&](auto& inner) { inner.run(pc::insert(Manager{.name = "Bjarne"})); });
    throw stop{};
  }),
               stop);
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads"}));
}

TYPED_TEST(transaction_test, a_failed_batch_inside_a_transaction_undoes_only_the_batch) {
  this->db.transaction([&](auto& tx) {
    tx.run(pc::insert(Manager{.name = "Anders"}));
    PICCOLO_EXPECT_ERROR(tx.run(pc::insert(Band{.name = "Gophers"}, Band{.name = "Pythonistas"})),
                         pc::errc::unique_violation);
    EXPECT_TRUE(tx.in_transaction());
    tx.run(pc::insert(Band{.name = "Haskellers"}));
  });
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::id>)),
            (strings{"Pythonistas", "Rustaceans", "C-Sharps", "Haskellers"}));
}

TYPED_TEST(transaction_test, transactions_run_one_after_another_on_a_connection) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_THROW(this->db.transaction([&](auto& tx) {
      tx.run(pc::insert(Manager{.name = "Rolled back"}));
      throw stop{};
    }),
                 stop);
    this->db.transaction([&](auto& tx) { tx.run(pc::insert(Manager{.name = "Kept " + std::to_string(i)})); });
  }
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Kept 0", "Kept 1", "Kept 2"}));
}

TYPED_TEST(transaction_test, other_connections_see_the_writes_only_after_commit) {
  if constexpr (!TypeParam::shared_storage) {
    GTEST_SKIP() << "needs a second connection to the same database";
  } else {
    auto other = this->engine.connect();
    this->db.transaction([&](auto& tx) {
      tx.run(pc::insert(Manager{.name = "Anders"}));
      EXPECT_EQ(tx.run(pc::count<Manager>()), 4);
      EXPECT_EQ(other.run(pc::count<Manager>()), 3);
    });
    EXPECT_EQ(other.run(pc::count<Manager>()), 4);
  }
}

}  // namespace
}  // namespace piccolo_test

namespace piccolo_test {
namespace {

TYPED_TEST(transaction_test, a_named_savepoint_rolls_back_to_its_point) {
  this->db.transaction([&](typename TypeParam::database& tx) {
    tx.run(pc::insert(Manager{.name = "Kept"}));
    auto before_import = tx.savepoint("before_import");
    tx.run(pc::insert(Manager{.name = "Undone"}));
    before_import.rollback();
    tx.run(pc::insert(Manager{.name = "After"}));
  });
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>).where(c<&Manager::id> > 3).order_by(c<&Manager::id>)),
            (strings{"Kept", "After"}));
}

TYPED_TEST(transaction_test, a_savepoint_name_cannot_change_the_statement) {
  this->db.transaction([&](typename TypeParam::database& tx) {
    PICCOLO_EXPECT_ERROR((void)tx.savepoint("x\"; DROP TABLE manager; --"), pc::errc::misuse);
  });
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 3);
}

}  // namespace
}  // namespace piccolo_test
