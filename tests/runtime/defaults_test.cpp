// Database-side defaults (pc::default_now, default_uuid4 / uuid7, default_sql) and index
// options (index_on over several columns, index_using with a method) on both engines: a
// row inserted with the columns unset gets the database's values, which read back like
// inserted ones; explicit values are kept; the indexes exist with their columns and method.

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using namespace std::chrono_literals;
using micros_time = std::chrono::sys_time<std::chrono::microseconds>;

struct Event {
  pc::uuid id;
  pc::varchar<40> name;
  micros_time created;
  pc::timestamptz seen;
  std::chrono::sys_seconds second;
  std::optional<pc::uuid> token;
  int answer = 0;
  std::optional<std::string> origin;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&Event::id>, pc::default_uuid7<&Event::id>, pc::default_now<&Event::created>,
                       pc::default_now<&Event::seen>, pc::default_now<&Event::second>,
                       pc::default_uuid4<&Event::token>, pc::default_sql<&Event::answer, "6 * 7">,
                       pc::default_sql<&Event::origin, "'sqlite'", "'postgres'">,
                       pc::index_on<&Event::name, &Event::created>,
                       pc::index_using<pc::index_method::hash, &Event::name>,
                       pc::index_using<pc::index_method::brin, &Event::created>);
  }
};

// A serial key and a defaulted time: save() writes both back.
struct Note {
  pc::serial id;
  std::string text;
  micros_time written;
  static constexpr auto column_options() { return pc::options(pc::default_now<&Note::written>); }
};

template <class Engine>
class defaults_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_tables<Event, Note>()); }

  std::vector<Event> events() { return this->db.run(pc::objects<Event>().order_by(c<&Event::name>)); }

  // Now by the system clock, widened by a second either way (SQLite's 'now' has
  // milliseconds; the server's clock is this machine's).
  static bool recent(micros_time t) {
    const auto now = std::chrono::system_clock::now();
    return t > now - 5s && t < now + 5s;
  }
};
TYPED_TEST_SUITE(defaults_test, engines, engine_names);

TYPED_TEST(defaults_test, unset_columns_take_the_database_defaults) {
  this->db.run(pc::insert(Event{.name = "first"}));
  std::vector<Event> rows = this->events();
  ASSERT_EQ(rows.size(), 1u);
  const Event& e = rows[0];
  EXPECT_EQ(e.id.version(), 7);
  EXPECT_EQ(e.id.bytes()[8] & 0xC0, 0x80);  // the RFC 9562 variant
  ASSERT_TRUE(e.token.has_value());
  EXPECT_EQ(e.token->version(), 4);
  EXPECT_EQ(e.token->bytes()[8] & 0xC0, 0x80);
  EXPECT_TRUE(this->recent(e.created)) << e.created.time_since_epoch().count();
  EXPECT_TRUE(this->recent(e.seen.time())) << e.seen;
  EXPECT_TRUE(this->recent(e.second));
  EXPECT_EQ(e.answer, 42);
  EXPECT_EQ(e.origin, TypeParam::is_sqlite ? "sqlite" : "postgres");
  // the uuid7's first 48 bits are the Unix time in milliseconds
  std::int64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = ms << 8 | e.id.bytes()[static_cast<std::size_t>(i)];
  EXPECT_LT(std::abs(ms - std::chrono::duration_cast<std::chrono::milliseconds>(e.created.time_since_epoch()).count()),
            5000);
}

TYPED_TEST(defaults_test, explicit_values_are_kept) {
  const pc::uuid id = pc::uuid::v4();
  const pc::uuid token = pc::uuid::v7();
  const micros_time created = std::chrono::sys_days{2024y / 2 / 29} + 13h + 5min + 7s + 123456us;
  const pc::timestamptz seen{std::chrono::sys_days{2001y / 9 / 9} + 1h};
  const std::chrono::sys_seconds second = std::chrono::sys_days{1999y / 12 / 31} + 23h + 59min + 59s;
  this->db.run(pc::insert(Event{.id = id, .name = "mine", .created = created, .seen = seen, .second = second,
                                .token = token, .answer = 7, .origin = "here"}));
  std::vector<Event> rows = this->events();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, id);
  EXPECT_EQ(rows[0].created, created);
  EXPECT_EQ(rows[0].seen, seen);
  EXPECT_EQ(rows[0].second, second);
  EXPECT_EQ(rows[0].token, token);
  EXPECT_EQ(rows[0].answer, 7);
  EXPECT_EQ(rows[0].origin, "here");
}

TYPED_TEST(defaults_test, uuid7_defaults_increase_with_time) {
  for (const char* name : {"a", "b", "c"}) {
    this->db.run(pc::insert(Event{.name = name}));
    std::this_thread::sleep_for(3ms);  // the next millisecond: v7 orders by it
  }
  std::vector<Event> rows = this->events();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_LT(rows[0].id, rows[1].id);
  EXPECT_LT(rows[1].id, rows[2].id);
  EXPECT_NE(rows[0].token, rows[1].token);
}

// A batch: PostgreSQL's unnest() statement (COPY cannot apply defaults), SQLite row by row.
TYPED_TEST(defaults_test, a_batch_applies_the_defaults_to_each_unset_row) {
  const pc::uuid id = pc::uuid::v7();
  std::vector<Event> batch{{.name = "b1"}, {.id = id, .name = "b2", .answer = 1}, {.name = "b3"}};
  this->db.run(pc::insert(batch));
  std::vector<Event> rows = this->events();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].id, id);
  EXPECT_EQ(rows[1].answer, 1);
  EXPECT_EQ(rows[0].answer, 42);
  EXPECT_EQ(rows[2].answer, 42);
  EXPECT_NE(rows[0].id, rows[2].id);
  for (const Event& e : rows) {
    EXPECT_EQ(e.id.version(), 7);
    EXPECT_TRUE(this->recent(e.created));
    EXPECT_EQ(e.token->version(), 4);
  }
}

TYPED_TEST(defaults_test, returning_reads_the_values_the_database_chose) {
  auto back = this->db.run(pc::insert(Event{.name = "r"}).returning(c<&Event::id>, c<&Event::answer>));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(std::get<0>(back[0]).version(), 7);
  EXPECT_EQ(std::get<1>(back[0]), 42);
}

TYPED_TEST(defaults_test, save_writes_the_database_defaults_back_into_the_object) {
  Note note{.text = "hello"};
  this->db.save(note);
  EXPECT_TRUE(note.id.has_value());
  EXPECT_TRUE(this->recent(note.written));
  Event event{.name = "saved"};
  this->db.save(event);
  EXPECT_EQ(event.id.version(), 7);
  EXPECT_EQ(event.answer, 42);
  event.answer = 5;
  this->db.save(event);  // now an upsert on the key it got
  std::vector<Event> rows = this->events();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, event.id);
  EXPECT_EQ(rows[0].answer, 5);
  EXPECT_EQ(rows[0].created, event.created);
}

// On SQLite the default is text in the very form piccolo writes: "YYYY-MM-DD HH:MM:SS",
// six fraction digits when the milliseconds are not zero, "+00:00" for a TIMESTAMPTZ.
TYPED_TEST(defaults_test, a_defaulted_time_is_stored_as_piccolo_writes_one) {
  if constexpr (!TypeParam::is_sqlite) {
    GTEST_SKIP() << "PostgreSQL stores timestamps as such";
  } else {
    this->db.run(pc::insert(Event{.name = "t"}));
    auto [created, seen, second] =
        this->db.run(pc::raw<"SELECT created, seen, second FROM event", std::tuple<std::string, std::string, std::string>>())
            .at(0);
    auto shaped = [](const std::string& text, bool zone) {
      const std::size_t base = 19, end = text.size() - (zone ? 6 : 0);
      if (text.size() < base || text[10] != ' ' || text[13] != ':' || text[16] != ':') return false;
      if (zone && text.substr(end) != "+00:00") return false;
      return end == base || (end == base + 7 && text[base] == '.' && text.substr(base + 4, 3) == "000" &&
                             text.substr(base + 1, 3) != "000");
    };
    EXPECT_TRUE(shaped(created, false)) << created;
    EXPECT_TRUE(shaped(seen, true)) << seen;
    EXPECT_EQ(second.size(), 19u) << second;
  }
}

// Index names, columns in order and methods as the engine's catalog reports them. SQLite
// has B-trees only: the hash index is a plain one there, the BRIN index is not created.
TYPED_TEST(defaults_test, indexes_exist_with_their_columns_and_method) {
  using strings = std::vector<std::string>;
  strings found;
  if constexpr (TypeParam::is_sqlite) {
    for (const std::string& name : TypeParam::index_names(this->db, "event"))
      found.push_back(name + " " +
                      this->db.run(pc::raw<"SELECT group_concat(name, ',') FROM (SELECT name FROM "
                                           "pragma_index_info({}) ORDER BY seqno)",
                                           std::string>(name))
                          .at(0));
    EXPECT_EQ(found, (strings{"ix$event$name$created name,created", "ix_hash$event$name name"}));
  } else {
    found = this->db.run(pc::raw<"SELECT i.relname || ' ' || am.amname || ' ' || (SELECT string_agg(a.attname, ',' "
                                 "ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY AS k (attnum, n) JOIN "
                                 "pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) FROM pg_index x "
                                 "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam WHERE "
                                 "x.indrelid = CAST('event' AS regclass) AND NOT x.indisprimary ORDER BY 1",
                                 std::string>());
    EXPECT_EQ(found, (strings{"ix$event$name$created btree name,created", "ix_brin$event$created brin created",
                              "ix_hash$event$name hash name"}));
  }
}

}  // namespace
}  // namespace piccolo_test
