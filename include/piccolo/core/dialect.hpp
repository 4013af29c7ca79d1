#pragma once
// Dialect tags. Rendering takes the dialect as a value (dialect_id) so that one
// render function per node serves every dialect; the tags pick it at the API.

#include <string_view>

namespace piccolo {

enum class dialect_id { sqlite, postgres };

struct sqlite_dialect {
  static constexpr dialect_id id = dialect_id::sqlite;
  static constexpr std::string_view name = "sqlite";
};
struct postgres_dialect {
  static constexpr dialect_id id = dialect_id::postgres;
  static constexpr std::string_view name = "postgres";
};

template <class D>
concept dialect = requires {
  { D::id } -> std::convertible_to<dialect_id>;
};

}  // namespace piccolo
