// Value types added through value_traits alone, in user code (a Money stored as BIGINT
// cents, a strong-typedef id as a primary and foreign key), and pc::uuid, which is built
// the same way: each round-trips on both engines, compares, takes is_in(), goes through
// batch inserts (COPY on PostgreSQL) and is NULL through std::optional.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace value_types_user {
// Money: whole cents in a BIGINT; compares with Money only.
struct Money {
  std::int64_t cents = 0;
  friend constexpr auto operator<=>(const Money&, const Money&) = default;
};
// A strong typedef for a table's key.
struct band_id {
  std::int64_t v = 0;
  friend constexpr auto operator<=>(const band_id&, const band_id&) = default;
};
// Stored by value, as Piccolo's choices are: 1, 2, 5.
enum class Size : std::int16_t { small = 1, medium = 2, large = 5 };
BOOST_DESCRIBE_ENUM(Size, small, medium, large)
// Not described: stored by value too, with no enumerator check.
enum class Priority : int { low = 10, high = 20 };
}  // namespace value_types_user

template <>
inline constexpr pc::enum_stored_as pc::enum_storage<value_types_user::Size> = pc::enum_stored_as::value;
template <>
inline constexpr pc::enum_stored_as pc::enum_storage<value_types_user::Priority> = pc::enum_stored_as::value;

template <>
struct piccolo::value_traits<value_types_user::Money> {
  using Money = value_types_user::Money;
  static constexpr bool supported = true;
  static constexpr category kind = category::distinct;
  static constexpr value_kind bind_kind = value_kind::int64;
  using result_type = Money;
  static constexpr void sql_type(sql_writer& w) { w.put("BIGINT"); }
  static constexpr value_view to_value(Money m) { return value_view::from_int(m.cents); }
  template <class Reader>
  static Money read(Reader& r, int i) {
    return Money{r.read_int64(i)};
  }
  static constexpr void literal(sql_writer& w, Money m) { w.put_int(m.cents); }
};

template <>
struct piccolo::value_traits<value_types_user::band_id> {
  using band_id = value_types_user::band_id;
  static constexpr bool supported = true;
  static constexpr category kind = category::distinct;
  static constexpr value_kind bind_kind = value_kind::int64;
  using result_type = band_id;
  static constexpr void sql_type(sql_writer& w) { w.put("BIGINT"); }
  static constexpr value_view to_value(band_id id) { return value_view::from_int(id.v); }
  template <class Reader>
  static band_id read(Reader& r, int i) {
    return band_id{r.read_int64(i)};
  }
};

namespace piccolo_test {
namespace {

using value_types_user::band_id;
using value_types_user::Money;
using value_types_user::Priority;
using value_types_user::Size;

struct Shirt {
  pc::serial id;
  Size size = Size::medium;
  std::optional<Size> spare;
  Priority priority = Priority::low;
};
// the underlying type's column, its value as the DEFAULT
static_assert(pc::sql_of<decltype(pc::create_table<Shirt>()), pc::postgres_dialect> ==
              R"sql(CREATE TABLE "shirt" ("id" SERIAL PRIMARY KEY, "size" SMALLINT NOT NULL DEFAULT 2, "spare" SMALLINT, "priority" INTEGER NOT NULL DEFAULT 10))sql");
static_assert(pc::sql_of<decltype(pc::create_table<Shirt>()), pc::sqlite_dialect> ==
              R"sql(CREATE TABLE "shirt" ("id" INTEGER PRIMARY KEY, "size" SMALLINT NOT NULL DEFAULT 2, "spare" SMALLINT, "priority" INTEGER NOT NULL DEFAULT 10))sql");

struct Act {
  band_id id;
  std::string name;
  Money fee;
  std::optional<Money> bonus;
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Act::id>); }
};

struct Booking {
  pc::uuid id;
  pc::foreign_key<Act, band_id> act;
  std::optional<pc::uuid> invoice;
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Booking::id>); }
};

// The DDL asks the types: BIGINT for both user types, UUID / BLOB for pc::uuid.
// COPY sends each column at the width value_traits gives (a user type: its wire kind's).
static_assert(pc::detail::postgres_binary_width<Act, 0>() == 8);
static_assert(pc::detail::postgres_binary_width<Booking, 0>() == 16);
static_assert(pc::detail::postgres_binary_width<Booking, 1>() == 8);  // the referenced band_id

template <class Engine>
class value_types_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_tables<Act, Booking>()); }

  std::vector<Act> acts_by_id() {
    std::vector<Act> acts = this->db.run(pc::objects<Act>().order_by(c<&Act::id>));
    return acts;
  }
};
TYPED_TEST_SUITE(value_types_test, engines, engine_names);

TYPED_TEST(value_types_test, user_types_round_trip_with_null) {
  Act first{band_id{7}, "Pythonistas", Money{1234}, std::nullopt};
  Act second{band_id{9}, "Rustaceans", Money{-5}, Money{250}};
  this->db.run(pc::insert(first));
  this->db.run(pc::insert(second));
  std::vector<Act> acts = this->acts_by_id();
  ASSERT_EQ(acts.size(), 2u);
  EXPECT_EQ(acts[0].id, band_id{7});
  EXPECT_EQ(acts[0].fee, Money{1234});
  EXPECT_FALSE(acts[0].bonus.has_value());
  EXPECT_EQ(acts[1].id, band_id{9});
  EXPECT_EQ(acts[1].fee, Money{-5});
  EXPECT_EQ(acts[1].bonus, Money{250});
}

TYPED_TEST(value_types_test, user_types_compare_and_take_is_in) {
  std::vector<Act> rows{{band_id{1}, "a", Money{100}, std::nullopt},
                        {band_id{2}, "b", Money{200}, Money{1}},
                        {band_id{3}, "c", Money{300}, std::nullopt}};
  this->db.run(pc::insert(rows));
  std::vector<std::string> above = this->db.run(
      pc::select(c<&Act::name>).where(c<&Act::fee> > Money{150}).order_by(c<&Act::name>));
  EXPECT_EQ(above, (std::vector<std::string>{"b", "c"}));
  std::vector<std::string> listed = this->db.run(pc::select(c<&Act::name>)
                                                     
                                                     .where(c<&Act::id>.is_in({band_id{1}, band_id{3}}))
                                                     .order_by(c<&Act::name>));
  EXPECT_EQ(listed, (std::vector<std::string>{"a", "c"}));
  std::vector<band_id> keys = this->db.run(
      pc::select(c<&Act::id>).where(c<&Act::fee>.not_in({Money{100}})).order_by(c<&Act::id>));
  EXPECT_EQ(keys, (std::vector<band_id>{band_id{2}, band_id{3}}));
}

TYPED_TEST(value_types_test, strong_typedef_id_is_a_foreign_key) {
  this->db.run(pc::insert(Act{band_id{4}, "d", Money{1}, std::nullopt}));
  Booking booking{pc::uuid::v4(), pc::foreign_key<Act, band_id>{band_id{4}}, std::nullopt};
  this->db.run(pc::insert(booking));
  std::vector<Booking> found = this->db.run(pc::objects<Booking>().where(c<&Booking::act> == band_id{4}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].act.value(), band_id{4});
  std::vector<std::string> names = this->db.run(pc::select(c<&Booking::act, &Act::name>));
  EXPECT_EQ(names, (std::vector<std::string>{"d"}));
}

TYPED_TEST(value_types_test, uuid_round_trips_as_a_primary_key_with_null) {
  this->db.run(pc::insert(Act{band_id{1}, "a", Money{1}, std::nullopt}));
  pc::uuid key = *pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f");
  pc::uuid invoice = pc::uuid::v7();
  this->db.run(pc::insert(Booking{key, pc::foreign_key<Act, band_id>{band_id{1}}, invoice}));
  this->db.run(pc::insert(Booking{pc::uuid::v4(), pc::foreign_key<Act, band_id>{band_id{1}}, std::nullopt}));
  std::optional<Booking> back = this->db.run(pc::objects<Booking>().get(c<&Booking::id> == key));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id.to_string(), "0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f");
  EXPECT_EQ(back->invoice, invoice);
  std::int64_t without = this->db.run(pc::count<Booking>().where(c<&Booking::invoice>.is_null()));
  EXPECT_EQ(without, 1);
  std::int64_t after = this->db.run(pc::count<Booking>().where(c<&Booking::id> > key));
  std::int64_t expected_after = 0;
  std::vector<pc::uuid> all = this->db.run(pc::select(c<&Booking::id>).order_by(c<&Booking::id>));
  for (const pc::uuid& id : all) expected_after += id > key;
  EXPECT_EQ(after, expected_after);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));  // the database orders as C++ does
}

TYPED_TEST(value_types_test, uuid_and_user_types_go_through_batch_inserts) {
  // on PostgreSQL a batch without serial keys goes by binary COPY, typed by value_traits
  std::vector<Act> acts;
  std::vector<Booking> bookings;
  for (int i = 1; i <= 50; ++i) {
    acts.push_back(Act{band_id{i}, "act " + std::to_string(i), Money{i * 100}, i % 2 ? std::optional<Money>{} : Money{i}});
    bookings.push_back(Booking{pc::uuid::v7(), pc::foreign_key<Act, band_id>{band_id{i}},
                               i % 3 ? std::optional<pc::uuid>{} : pc::uuid::v4()});
  }
  this->db.run(pc::insert(acts));
  this->db.run(pc::insert(bookings));
  std::vector<Act> acts_back = this->acts_by_id();
  ASSERT_EQ(acts_back.size(), 50u);
  for (std::size_t i = 0; i < acts.size(); ++i) {
    EXPECT_EQ(acts_back[i].id, acts[i].id);
    EXPECT_EQ(acts_back[i].fee, acts[i].fee);
    EXPECT_EQ(acts_back[i].bonus, acts[i].bonus);
  }
  std::vector<Booking> back = this->db.run(pc::objects<Booking>().order_by(c<&Booking::act>));
  ASSERT_EQ(back.size(), 50u);
  for (std::size_t i = 0; i < bookings.size(); ++i) {
    EXPECT_EQ(back[i].id, bookings[i].id);
    EXPECT_EQ(back[i].invoice, bookings[i].invoice);
  }
}

TYPED_TEST(value_types_test, uuid_takes_is_in_and_not_in) {
  this->db.run(pc::insert(Act{band_id{1}, "a", Money{1}, std::nullopt}));
  pc::uuid first = *pc::uuid::parse("00000000-0000-4000-8000-000000000001");
  pc::uuid second = *pc::uuid::parse("ffffffff-0000-4000-8000-000000000002");
  pc::uuid third = *pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f");
  pc::foreign_key<Act, band_id> act{band_id{1}};
  this->db.run(pc::insert(std::vector<Booking>{{first, act, second}, {second, act, std::nullopt}, {third, act, first}}));
  std::vector<pc::uuid> listed = this->db.run(
      pc::select(c<&Booking::id>).where(c<&Booking::id>.is_in({second, third, pc::uuid{}})).order_by(c<&Booking::id>));
  EXPECT_EQ(listed, (std::vector<pc::uuid>{third, second}));
  std::vector<pc::uuid> none = this->db.run(
      pc::select(c<&Booking::id>).where(c<&Booking::id>.is_in(std::vector<pc::uuid>{})));
  EXPECT_TRUE(none.empty());
  // a NULL is neither in nor not in a list, on both engines
  std::vector<pc::uuid> by_invoice = this->db.run(
      pc::select(c<&Booking::id>).where(c<&Booking::invoice>.not_in({second})).order_by(c<&Booking::id>));
  EXPECT_EQ(by_invoice, (std::vector<pc::uuid>{third}));
  std::vector<pc::uuid> with_invoice = this->db.run(
      pc::select(c<&Booking::id>).where(c<&Booking::invoice>.is_in({first, second})).order_by(c<&Booking::id>));
  EXPECT_EQ(with_invoice, (std::vector<pc::uuid>{first, third}));
}

TYPED_TEST(value_types_test, uuid_goes_through_an_upsert_batch) {
  // an upsert never goes by COPY: on PostgreSQL the batch binds each column as an array
  // (uuid[]) for INSERT ... SELECT FROM unnest(...)
  this->db.run(pc::insert(Act{band_id{1}, "a", Money{1}, std::nullopt}));
  this->db.run(pc::insert(Act{band_id{2}, "b", Money{2}, std::nullopt}));
  pc::uuid kept = *pc::uuid::parse("00000000-0000-4000-8000-000000000001");
  pc::uuid moved = *pc::uuid::parse("00000000-0000-4000-8000-000000000002");
  pc::uuid added = *pc::uuid::parse("00000000-0000-4000-8000-000000000003");
  pc::uuid invoice = pc::uuid::v4();
  this->db.run(pc::insert(std::vector<Booking>{{kept, pc::foreign_key<Act, band_id>{band_id{1}}, std::nullopt},
                                               {moved, pc::foreign_key<Act, band_id>{band_id{1}}, std::nullopt}}));
  std::vector<Booking> batch{{moved, pc::foreign_key<Act, band_id>{band_id{2}}, invoice},
                             {added, pc::foreign_key<Act, band_id>{band_id{2}}, std::nullopt}};
  std::int64_t written = this->db.run(
      pc::insert(batch).on_conflict(c<&Booking::id>).do_update(c<&Booking::act>, c<&Booking::invoice>));
  EXPECT_EQ(written, 2);
  std::vector<Booking> back = this->db.run(pc::objects<Booking>().order_by(c<&Booking::id>));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].id, kept);
  EXPECT_EQ(back[0].act.value(), band_id{1});
  EXPECT_EQ(back[1].id, moved);
  EXPECT_EQ(back[1].act.value(), band_id{2});
  EXPECT_EQ(back[1].invoice, invoice);
  EXPECT_EQ(back[2].id, added);
  EXPECT_FALSE(back[2].invoice.has_value());
}

TYPED_TEST(value_types_test, enums_opted_in_are_stored_by_value) {
  this->db.run(pc::create_table<Shirt>());
  this->db.run(pc::insert(std::vector<Shirt>{{.size = Size::large, .spare = Size::small},
                                             {.size = Size::small, .priority = Priority::high},
                                             {}}));
  std::vector<std::int64_t> stored = this->db.run(pc::raw<"SELECT size FROM shirt ORDER BY id", std::int64_t>());
  EXPECT_EQ(stored, (std::vector<std::int64_t>{5, 1, 2}));
  std::vector<Shirt> back = this->db.run(pc::objects<Shirt>().order_by(c<&Shirt::id>));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].size, Size::large);
  EXPECT_EQ(back[0].spare, Size::small);
  EXPECT_EQ(back[1].priority, Priority::high);
  EXPECT_FALSE(back[2].spare.has_value());
  std::vector<Size> listed = this->db.run(
      pc::select(c<&Shirt::size>).where(c<&Shirt::size>.is_in({Size::small, Size::large})).order_by(c<&Shirt::size>));
  EXPECT_EQ(listed, (std::vector<Size>{Size::small, Size::large}));
  std::int64_t above = this->db.run(pc::count<Shirt>().where(c<&Shirt::size> == Size::medium));
  EXPECT_EQ(above, 1);
  // a described enum refuses a value without an enumerator
  this->db.run(pc::raw<"UPDATE shirt SET size = 3 WHERE spare IS NULL">());
  PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Shirt>()), pc::errc::invalid_enum_value);
}

TEST(uuid, text_form_and_generators) {
  std::optional<pc::uuid> parsed = pc::uuid::parse("0190B2A4-5C1E-7D3A-9F00-1A2B3C4D5E6F");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->to_string(), "0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f");
  EXPECT_FALSE(pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6").has_value());
  EXPECT_FALSE(pc::uuid::parse("0190b2a4x5c1e-7d3a-9f00-1a2b3c4d5e6f").has_value());
  EXPECT_FALSE(pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6g").has_value());
  EXPECT_TRUE(pc::uuid{}.is_nil());
  pc::uuid random = pc::uuid::v4();
  EXPECT_EQ(random.version(), 4);
  EXPECT_EQ(random.bytes()[8] & 0xC0, 0x80);
  EXPECT_NE(random, pc::uuid::v4());
  pc::uuid early = pc::uuid::v7();
  EXPECT_EQ(early.version(), 7);
  EXPECT_EQ(pc::uuid::parse(early.to_string()), early);
}

}  // namespace
}  // namespace piccolo_test
