#pragma once
// The --db option shared by the piccolo command and pc::cli::main: one text names the
// database, and its form says the engine. Engine-free, so that a tool decides which engine
// headers to include.
//
//   pc::cli::engine_of("app.sqlite")                    // sqlite
//   pc::cli::engine_of("postgresql://u@host/app")       // postgres
//   pc::cli::engine_of("host=127.0.0.1 dbname=app")     // postgres (key=value conninfo)

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace piccolo::cli {

enum class engine { sqlite, postgres };

// postgres:// and postgresql:// URIs and key=value conninfo (an '=' before any '/': a path
// such as "data/a=b.sqlite" stays a path) are PostgreSQL; anything else (a path, a file:
// URI, :memory:) is SQLite.
constexpr engine engine_of(std::string_view db) noexcept {
  // plain loops: GCC's sanitizer builds cannot evaluate string_view::find in a static_assert
  auto starts_with = [&](std::string_view prefix) {
    if (db.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (db[i] != prefix[i]) return false;
    return true;
  };
  if (starts_with("postgres://") || starts_with("postgresql://")) return engine::postgres;
  if (starts_with("file:")) return engine::sqlite;
  for (char ch : db) {
    if (ch == '/') return engine::sqlite;
    if (ch == '=') return engine::postgres;
  }
  return engine::sqlite;
}

constexpr std::string_view engine_name(engine e) noexcept { return e == engine::sqlite ? "SQLite" : "PostgreSQL"; }

// The --db text given, else the PICCOLO_DB environment variable; nothing when neither is set.
inline std::optional<std::string> database_text(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* from_environment = std::getenv("PICCOLO_DB"); from_environment && *from_environment)
    return std::string(from_environment);
  return std::nullopt;
}

}  // namespace piccolo::cli
