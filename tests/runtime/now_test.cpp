// pc::now() beside TIMESTAMP and TIMESTAMPTZ columns: =, < and > give the same answers
// on every engine (SQLite compares the texts, whose TIMESTAMPTZ form ends "+00:00");
// pc::now_tz() is the current time as a TIMESTAMPTZ.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using micros_time = std::chrono::sys_time<std::chrono::microseconds>;

// An instant and a UTC time point, each an hour before (row 1) and after (row 2) now.
struct Stamp {
  pc::serial id;
  pc::timestamptz at;
  micros_time local;
};

template <class Engine>
class now_test : public database_test<Engine> {
 protected:
  void SetUp() override {
    using namespace std::chrono;
    this->db.run(pc::create_table<Stamp>());
    auto current = floor<microseconds>(system_clock::now());
    this->db.run(pc::insert(Stamp{.at = current - 1h, .local = current - 1h}, Stamp{.at = current + 1h, .local = current + 1h}));
  }
  std::vector<std::int64_t> ids(const auto& cond) {
    return this->db.run(pc::select(c<&Stamp::id>).where(cond).order_by(c<&Stamp::id>));
  }
};
TYPED_TEST_SUITE(now_test, engines, engine_names);

using ids_t = std::vector<std::int64_t>;

TYPED_TEST(now_test, now_orders_against_timestamptz_and_timestamp_columns) {
  using namespace std::chrono_literals;
  EXPECT_EQ(this->ids(c<&Stamp::at> < pc::now()), (ids_t{1}));
  EXPECT_EQ(this->ids(c<&Stamp::at> > pc::now()), (ids_t{2}));
  EXPECT_EQ(this->ids(pc::now() > c<&Stamp::at>), (ids_t{1}));
  EXPECT_EQ(this->ids(c<&Stamp::at> > pc::now() - 2h), (ids_t{1, 2}));
  EXPECT_EQ(this->ids(c<&Stamp::local> < pc::now()), (ids_t{1}));
  EXPECT_EQ(this->ids(c<&Stamp::local> > pc::now_tz()), (ids_t{2}));
  EXPECT_EQ(this->ids(c<&Stamp::at> < pc::now_tz()), (ids_t{1}));
}

// Equal to the same statement's now(): a TIMESTAMPTZ value (here a subquery's) compared
// with now() takes now()'s TIMESTAMPTZ form, text and all.
TYPED_TEST(now_test, now_equals_a_timestamptz_of_the_same_instant) {
  auto same_instant = pc::scalar(pc::select<Stamp>(pc::now_tz()).limit(1));
  EXPECT_EQ(this->ids(same_instant == pc::now()), (ids_t{1, 2}));
  EXPECT_EQ(this->ids(pc::now() == same_instant), (ids_t{1, 2}));
  EXPECT_EQ(this->ids(pc::now_tz() == pc::now() && pc::now() == pc::now_tz()), (ids_t{1, 2}));
  EXPECT_EQ(this->ids(same_instant < pc::now() || same_instant > pc::now()), (ids_t{}));
}

// Set to now(), the column holds an instant that is not in the future, and now (on
// PostgreSQL, whose now() is the transaction's start, exactly).
TYPED_TEST(now_test, timestamptz_set_to_now_is_now) {
  using namespace std::chrono;
  this->db.run(pc::update<Stamp>().set(c<&Stamp::at> = pc::now()).where(c<&Stamp::id> == 2));
  EXPECT_EQ(this->ids(c<&Stamp::at> <= pc::now()), (ids_t{1, 2}));
  EXPECT_EQ(this->ids(c<&Stamp::at> > pc::now()), (ids_t{}));
  std::vector<pc::timestamptz> stored = this->db.run(pc::select(c<&Stamp::at>).where(c<&Stamp::id> == 2));
  ASSERT_EQ(stored.size(), 1u);
  auto difference = stored[0].time_since_epoch() - floor<microseconds>(system_clock::now()).time_since_epoch();
  EXPECT_LT(difference < microseconds{0} ? -difference : difference, minutes{1});
  if constexpr (std::is_same_v<TypeParam, postgres>) {
    ids_t equal = this->db.transaction([](auto& tx) {
      tx.run(pc::update<Stamp>().set(c<&Stamp::at> = pc::now()).where(c<&Stamp::id> == 1));
      return tx.run(pc::select(c<&Stamp::id>).where(c<&Stamp::at> == pc::now()));
    });
    EXPECT_EQ(equal, (ids_t{1}));
  }
}

}  // namespace
}  // namespace piccolo_test
