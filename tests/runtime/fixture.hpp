#pragma once
// Shared schema and fixture of the runtime suite.
//
// Every test is a TYPED_TEST over `piccolo_test::engines`, a list of engine factories.
// A factory owns what a test's database needs (a temp dir, later a PostgreSQL schema),
// opens connections to it and answers the few questions that need the engine's own
// catalog (tables in creation order, indexes of a table). Tests talk to the database
// only through `run` / `transaction`, so a new engine is one more factory in the list.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <piccolo/postgres.hpp>
#include <piccolo/sqlite.hpp>

// Rows are written as the design shows them, Band{.name = "x"}; GCC 12's -Wextra would
// flag every member left to its initializer.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

namespace pc = piccolo;
using pc::c;

namespace piccolo_test {

using namespace std::chrono_literals;

// ---- Piccolo's example schema (the playground's) ---------------------------------

enum class TicketType { sitting, standing, premium };
BOOST_DESCRIBE_ENUM(TicketType, sitting, standing, premium)

struct Manager {
  pc::serial id;
  pc::varchar<50> name;
};

struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<pc::foreign_key<Manager>> manager;  // a band may have no manager
  int popularity = 0;
  std::optional<std::string> website;
  static constexpr auto column_options() {
    return pc::options(pc::unique<&Band::name>, pc::index<&Band::popularity>,
                       pc::on_delete<&Band::manager, pc::action::set_null>);
  }
};

struct Venue {
  pc::serial id;
  pc::varchar<100> name;
  int capacity = 0;
};

struct Concert {
  pc::serial id;
  pc::foreign_key<Band> band_1;  // ON DELETE CASCADE (the default)
  pc::foreign_key<Band> band_2;
  pc::foreign_key<Venue> venue;
  std::chrono::sys_seconds starts;
};

struct Ticket {
  pc::serial id;
  pc::foreign_key<Concert> concert;
  double price = 0;
  TicketType ticket_type = TicketType::standing;
};

// ---- Extra tables --------------------------------------------------------------------

// Non-serial primary key and a table name override.
struct Country {
  std::string code;
  std::string name;
  static constexpr std::string_view table_name = "countries";
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Country::code>); }
};

// Snake-case table name and a column name override.
struct RecordingStudio {
  pc::serial id;
  std::string name;
  std::optional<std::chrono::year_month_day> opened;
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&RecordingStudio::opened, "opened_on">);
  }
};

// Composite primary key.
struct Membership {
  pc::foreign_key<Band> band;
  pc::varchar<50> musician;
  std::string instrument;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&Membership::band>, pc::primary_key<&Membership::musician>);
  }
};

// A RESTRICT foreign key: the referenced table can only go once nothing points at it,
// which makes the drop order of drop_tables observable.
struct Label {
  pc::serial id;
  std::string name;
};
struct Album {
  pc::serial id;
  std::string title;
  pc::foreign_key<Label> label;
  static constexpr auto column_options() {
    return pc::options(pc::on_delete<&Album::label, pc::action::restrict>);
  }
};

// Member initializers that become DEFAULTs.
struct Setting {
  pc::serial id;
  std::string key;
  int retries = 7;
  double ratio = 0.5;
  bool enabled = true;
  std::string mode = "fast";
  std::optional<int> limit = 3;
  TicketType kind = TicketType::premium;
};

// One column of every supported kind, and the same again nullable.
struct Sample {
  pc::serial id;
  std::int16_t i16 = 0;
  std::int32_t i32 = 0;
  std::int64_t i64 = 0;
  bool flag = false;
  float f32 = 0;
  double f64 = 0;
  std::string text;
  pc::varchar<5> code;
  std::vector<std::byte> bytes;
  std::chrono::sys_time<std::chrono::microseconds> at{};
  std::chrono::sys_seconds at_seconds{};
  // a default-constructed year_month_day (0/0/0) is not a date: writing it is out_of_range
  std::chrono::year_month_day day{std::chrono::year{1970} / 1 / 1};
  TicketType kind = TicketType::sitting;
};

struct OptionalSample {
  pc::serial id;
  std::optional<std::int16_t> i16;
  std::optional<std::int32_t> i32;
  std::optional<std::int64_t> i64;
  std::optional<bool> flag;
  std::optional<float> f32;
  std::optional<double> f64;
  std::optional<std::string> text;
  std::optional<pc::varchar<5>> code;
  std::optional<std::vector<std::byte>> bytes;
  std::optional<std::chrono::sys_time<std::chrono::microseconds>> at;
  std::optional<std::chrono::sys_seconds> at_seconds;
  std::optional<std::chrono::year_month_day> day;
  std::optional<TicketType> kind;
};

// A described class (not an aggregate: private members, a constructor, accessors).
class Musician {
 public:
  Musician() = default;
  Musician(std::string name, int born) : name_(std::move(name)), born_(born) {}
  std::int64_t id() const { return id_; }
  const std::string& name() const { return name_; }
  int born() const { return born_; }

 private:
  pc::serial id_;
  std::string name_;
  int born_ = 0;
  BOOST_DESCRIBE_CLASS(Musician, (), (), (), (id_, name_, born_))
};

// ---- Engine factories ----------------------------------------------------------------

// A directory of its own for one test, removed (with the database's WAL files) after it.
class temp_dir {
 public:
  temp_dir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "piccolo_rt_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (info) name += std::string{"_"} + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// Catalog questions that SQL cannot ask portably; shared by the SQLite factories.
struct sqlite_catalog {
  static constexpr bool is_sqlite = true;
  using database = pc::sqlite::database;

  // User tables in creation order.
  static std::vector<std::string> table_names(database& db) {
    return db.run(pc::raw<"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                          "'sqlite%' ORDER BY rowid",
                          std::string>());
  }
  // Indexes declared by the schema (not those SQLite makes for UNIQUE / PRIMARY KEY).
  static std::vector<std::string> index_names(database& db, std::string_view table) {
    return db.run(pc::raw<"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = {} "
                          "AND sql IS NOT NULL ORDER BY name",
                          std::string>(table));
  }
};

struct sqlite_memory : sqlite_catalog {
  static constexpr const char* name = "sqlite_memory";
  static constexpr bool shared_storage = false;  // a second connection sees another database
  database connect() { return database{":memory:"}; }
};

struct sqlite_file : sqlite_catalog {
  static constexpr const char* name = "sqlite_file";
  static constexpr bool shared_storage = true;
  temp_dir dir;
  std::string path = (dir.path() / "test.sqlite").string();
  database connect(pc::sqlite::options options = {}) { return database{path, options}; }
};

// A schema of its own per test on the server of PICCOLO_PG_CONNINFO (started by
// scripts/test.sh), dropped after the test; connections reach it through search_path.
// Tests that need SQLite's storage model check `is_sqlite` (if constexpr / GTEST_SKIP).
class pg_schema {
 public:
  pg_schema() {
    const char* base = std::getenv("PICCOLO_PG_CONNINFO");
    if (!base || !*base) return;
    base_ = base;
    static std::atomic<int> counter{0};
    name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin("CREATE SCHEMA " + name_);
  }
  pg_schema(const pg_schema&) = delete;
  pg_schema& operator=(const pg_schema&) = delete;
  ~pg_schema() {
    if (!name_.empty()) admin("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
  }
  bool available() const noexcept { return !name_.empty(); }
  std::string conninfo() const { return conninfo_for(base_); }
  // Another server (a replica) with the same schema on its search path.
  std::string conninfo_for(std::string_view server) const {
    if (name_.empty())
      throw std::runtime_error("PICCOLO_PG_CONNINFO is not set: no PostgreSQL server to test on");
    return std::string{server} + " options='-csearch_path=" + name_ + "'";
  }

 private:
  void admin(const std::string& sql) const {
    PGconn* conn = PQconnectdb(base_.c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string message = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) ADD_FAILURE() << sql << ": " << message;
  }
  std::string base_;
  std::string name_;
};

struct postgres {
  static constexpr const char* name = "postgres";
  static constexpr bool is_sqlite = false;
  static constexpr bool shared_storage = true;
  using database = pc::postgres::database;
  pg_schema schema;
  database connect() { return database{schema.conninfo()}; }

  // Tables of the test's schema in creation order.
  static std::vector<std::string> table_names(database& db) {
    return db.run(pc::raw<"SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = "
                          "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                          "ORDER BY c.oid",
                          std::string>());
  }
  // Indexes declared by the schema (not those behind PRIMARY KEY / UNIQUE constraints).
  static std::vector<std::string> index_names(database& db, std::string_view table) {
    return db.run(pc::raw<"SELECT i.indexname::text FROM pg_indexes i WHERE i.schemaname = "
                          "current_schema() AND i.tablename = {} AND NOT EXISTS (SELECT 1 FROM "
                          "pg_constraint k WHERE k.conname = i.indexname) ORDER BY 1",
                          std::string>(table));
  }
};

using engines = ::testing::Types<sqlite_memory, sqlite_file, postgres>;

// Ends the PostgreSQL backend `pid` from another connection (a lost connection, on demand).
inline void kill_backend(const std::string& conninfo, int pid) {
  pc::postgres::database killer{conninfo};
  killer.run(pc::raw<"SELECT pg_terminate_backend(CAST({} AS integer))", bool>(pid));
}

struct engine_names {
  template <class Engine>
  static std::string GetName(int) {
    return Engine::name;
  }
};

// ---- Fixture ---------------------------------------------------------------------------

inline std::chrono::sys_seconds at(int y, unsigned m, unsigned d, int hour, int minute) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute};
}

// A fresh database per test (the engine member is declared first so that the
// connection closes before the engine cleans up).
template <class Engine>
class database_test : public ::testing::Test {
 protected:
  using database = typename Engine::database;
  Engine engine;
  database db = engine.connect();

  void create_example_schema() {
    db.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket>());
  }

  // Managers 1 Guido, 2 Graydon, 3 Mads; bands 1 Pythonistas (1000), 2 Rustaceans (500),
  // 3 C-Sharps (10); venues 1 Amazing Venue (5000), 2 Smallish Venue (200);
  // concert 1: Pythonistas + Rustaceans at 1, concert 2: Rustaceans + C-Sharps at 2;
  // tickets 1, 2 for concert 1, ticket 3 for concert 2.
  void insert_example_data() {
    db.run(pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}, Manager{.name = "Mads"}));
    db.run(pc::insert(
        Band{.name = "Pythonistas", .manager = 1, .popularity = 1000, .website = "https://python.org"},
        Band{.name = "Rustaceans", .manager = 2, .popularity = 500, .website = std::nullopt},
        Band{.name = "C-Sharps", .manager = 3, .popularity = 10, .website = "https://dotnet.microsoft.com"}));
    db.run(pc::insert(Venue{.name = "Amazing Venue", .capacity = 5000},
                      Venue{.name = "Smallish Venue", .capacity = 200}));
    db.run(pc::insert(
        Concert{.band_1 = 1, .band_2 = 2, .venue = 1, .starts = at(2024, 5, 1, 20, 0)},
        Concert{.band_1 = 2, .band_2 = 3, .venue = 2, .starts = at(2024, 6, 1, 19, 30)}));
    db.run(pc::insert(Ticket{.concert = 1, .price = 50.0, .ticket_type = TicketType::standing},
                      Ticket{.concert = 1, .price = 75.5, .ticket_type = TicketType::sitting},
                      Ticket{.concert = 2, .price = 30.0, .ticket_type = TicketType::standing}));
  }
};

// The example schema, created and filled before each test.
template <class Engine>
class example_test : public database_test<Engine> {
 protected:
  void SetUp() override {
    this->create_example_schema();
    this->insert_example_data();
  }
};

// The PostgreSQL fault suites' common start: a schema of their own holding the example's
// manager and band tables with one manager, "Guido" (skipped without a server).
class postgres_fault_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!schema.available()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    pc::postgres::database setup{schema.conninfo()};
    setup.run(pc::create_tables<Manager, Band>());
    setup.run(pc::insert(Manager{.name = "Guido"}));
  }
  // How many managers of that name another connection sees committed.
  std::int64_t committed(std::string_view name) {
    pc::postgres::database other{schema.conninfo()};
    return other.run(pc::count<Manager>().where(c<&Manager::name> == std::string{name}));
  }
  pg_schema schema;
};

// Expects `statement` to throw pc::error with code `expected`.
#define PICCOLO_EXPECT_ERROR(statement, expected)                                          \
  do {                                                                                     \
    try {                                                                                  \
      statement;                                                                           \
      ADD_FAILURE() << "expected pc::error " #expected ", nothing was thrown";             \
    } catch (const pc::error& piccolo_error_) {                                            \
      EXPECT_EQ(piccolo_error_.value(), expected) << piccolo_error_.what();                \
    }                                                                                      \
  } while (false)

}  // namespace piccolo_test

// gtest prints errc values by name in failure messages.
namespace piccolo {
inline void PrintTo(errc e, std::ostream* os) {
  *os << make_error_code(e).message() << " (" << static_cast<int>(e) << ")";
}
}  // namespace piccolo
