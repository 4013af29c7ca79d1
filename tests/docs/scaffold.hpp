#pragma once
// The scaffold every C++ block of README.md and docs/ is compiled in; the conventions are
// in docs/README.md, "The examples are tested". A generated page TU defines DOC_POSTGRES
// and DOC_ASYNC, includes this header, then the page's own #include lines.
//
// In scope for every block: the example schema of docs/schema.md (Manager, Band, Venue,
// Concert, TicketType, Ticket), `namespace pc = piccolo; using pc::c;`, <cassert> and
// <iostream>, and as parameters of the function the block's statements run in: `db`
// (a pc::sqlite::database holding the playground's data, or a pc::postgres::database),
// and for asynchronous blocks `io` (a boost::asio::io_context) and `pool`.

// The examples' assert()s check, whatever the build type.
#undef NDEBUG
#include <cassert>

#include <piccolo/sqlite.hpp>
#if DOC_POSTGRES
#include <piccolo/postgres.hpp>
#include <libpq-fe.h>
#include <unistd.h>
#endif
#if DOC_ASYNC
#include <piccolo/sqlite_async.hpp>
#if DOC_POSTGRES
#include <piccolo/postgres_async.hpp>
#endif
#include <boost/asio/io_context.hpp>
#endif

#include <cassert>
#include <cstdlib>
#include <cstddef>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "example_schema.hpp"

namespace pc = piccolo;
using pc::c;

namespace doc {

// ---- SQL stated in a comment, checked at compile time --------------------------------

// A string as a template argument, so that a failed check prints both texts.
template <std::size_t N>
struct text {
  char data[N + 1]{};
  constexpr text(const char (&s)[N + 1]) {
    for (std::size_t i = 0; i <= N; ++i) data[i] = s[i];
  }
  constexpr explicit text(std::string_view s) {
    for (std::size_t i = 0; i < N; ++i) data[i] = s[i];
  }
  constexpr std::string_view view() const { return {data, N}; }
};
template <std::size_t M>
text(const char (&)[M]) -> text<M - 1>;

constexpr bool is_space(char ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r'; }

constexpr std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (is_space(ch)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// `stated` equals `actual` (whole) or occurs in it (!whole), runs of white space being
// equal, and "..." in `stated` standing for any text.
constexpr bool sql_matches(std::string_view actual_text, std::string_view stated_text, bool whole) {
  const std::string actual = collapse_spaces(actual_text);
  const std::string stated = collapse_spaces(stated_text);
  std::string_view rest = stated;
  std::size_t at = 0;
  bool anchored = whole;  // the next piece must start exactly at `at`
  for (;;) {
    const std::size_t dots = rest.find("...");
    const std::string_view piece = trim(rest.substr(0, dots));
    const bool last = dots == std::string_view::npos;
    if (anchored) {
      if (std::string_view{actual}.substr(at, piece.size()) != piece) return false;
      at += piece.size();
    } else if (last && whole) {
      // the last piece ends the text
      if (actual.size() < at + piece.size() || std::string_view{actual}.substr(actual.size() - piece.size()) != piece)
        return false;
      at = actual.size();
    } else {
      const std::size_t found = actual.find(piece, at);
      if (found == std::string::npos) return false;
      at = found + piece.size();
    }
    if (last) return !whole || at == actual.size();
    rest.remove_prefix(dots + 3);
    anchored = false;
    if (trim(rest).empty()) return true;  // ends with "...": anything follows
  }
}

template <auto>
inline constexpr bool always_false = false;

template <text Rendered, text Stated>
constexpr bool stated_sql_differs() {
  static_assert(always_false<Rendered>,
                "doc: the SQL stated in the docs differs from what piccolo renders "
                "(Rendered and Stated are in the line above)");
  return false;
}

template <class Q, class Dialect, bool Whole, text Stated>
constexpr bool sql_claim() {
  constexpr std::string_view rendered = pc::sql_of<std::remove_cvref_t<Q>, Dialect>;
  if constexpr (!sql_matches(rendered, Stated.view(), Whole)) {
    return stated_sql_differs<text<rendered.size()>{rendered}, Stated>();
  } else {
    return true;
  }
}

// ---- blocks that state their output or their error run ----------------------------

struct block {
  const char* page;
  int line;            // of the opening ```cpp
  void (*run)();       // nullptr: compiled only
  const char* output;  // what the block's `// prints:` comments say, nullptr if none
};

struct page_blocks {
  const char* page;
  const block* blocks;
  std::size_t count;
};

inline std::vector<page_blocks>& registry() {
  static std::vector<page_blocks> pages;
  return pages;
}

struct registrar {
  registrar(const char* page, const block* blocks, std::size_t count) {
    registry().push_back({page, blocks, count});
  }
};

// A statement followed by `// throws errc::code: "what()"`.
template <class F>
void expect_error(pc::errc code, const char* what, const char* where, F&& statement) {
  try {
    statement();
  } catch (const pc::error& e) {
    if (e.value() != code)
      throw std::runtime_error(std::string{where} + ": threw another code than stated: " + e.what());
    if (what && std::string_view{e.what()} != what)
      throw std::runtime_error(std::string{where} + ": threw \"" + e.what() + "\", the docs say \"" + what + "\"");
    return;
  }
  throw std::runtime_error(std::string{where} + ": did not throw the pc::error the docs state");
}

// The playground's data (docs/playground.md).
template <class Database>
void fill_example(Database& db) {
  using namespace std::chrono;
  db.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket>());
  db.run(pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}, Manager{.name = "Anders"}));
  db.run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = 1000},
                    Band{.name = "Rustaceans", .manager = 2, .popularity = 500},
                    Band{.name = "C-Sharps", .manager = 3, .popularity = 700}));
  db.run(pc::insert(Venue{.name = "Amazing Venue", .capacity = 5000}, Venue{.name = "Small Venue", .capacity = 200}));
  db.run(pc::insert(Concert{.band_1 = 1, .band_2 = 2, .venue = 1, .starts = sys_days{2025y / June / 21} + 20h,
                            .duration_minutes = 120},
                    Concert{.band_1 = 3, .band_2 = 1, .venue = 2, .starts = sys_days{2025y / June / 28} + 19h + 30min,
                            .duration_minutes = 90}));
  db.run(pc::insert(Ticket{.concert = 1, .price = 50.0},
                    Ticket{.concert = 1, .price = 75.0, .ticket_type = TicketType::sitting},
                    Ticket{.concert = 1, .price = 150.0, .ticket_type = TicketType::premium},
                    Ticket{.concert = 2, .price = 20.0},
                    Ticket{.concert = 2, .price = 35.0, .ticket_type = TicketType::sitting}));
}

// A new in-memory SQLite database with the example schema and data.
inline pc::sqlite::database example_database() {
  pc::sqlite::database db{":memory:"};
  fill_example(db);
  return db;
}

// Thrown by a block that cannot run here (no PostgreSQL server).
struct skipped {};

#if DOC_POSTGRES
// The example schema and data in a PostgreSQL schema of its own on the server of
// PICCOLO_PG_CONNINFO, dropped afterwards; `db` reaches it through search_path.
class postgres_example {
 public:
  postgres_example() : server_(server()), schema_(create_schema(server_)), db{connection(server_, schema_)} {
    fill_example(db);
  }
  postgres_example(const postgres_example&) = delete;
  postgres_example& operator=(const postgres_example&) = delete;
  ~postgres_example() { admin(server_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); }

 private:
  static std::string server() {
    const char* conninfo = std::getenv("PICCOLO_PG_CONNINFO");
    if (!conninfo || !*conninfo) throw skipped{};
    return conninfo;
  }
  static std::string create_schema(const std::string& server) {
    static int counter = 0;
    std::string name = "doc_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin(server, "CREATE SCHEMA " + name);
    return name;
  }
  static std::string connection(const std::string& server, const std::string& schema) {
    return server + " options='-csearch_path=" + schema + "'";
  }
  static void admin(const std::string& server, const std::string& sql) {
    PGconn* conn = PQconnectdb(server.c_str());
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // "drop cascades to ..."
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string message = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error(sql + ": " + message);
  }
  std::string server_;
  std::string schema_;

 public:
  pc::postgres::database db;
};
#endif

}  // namespace doc
