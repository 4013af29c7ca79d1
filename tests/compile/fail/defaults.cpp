// Database-side defaults and index options on the wrong columns: default_now on a column
// that holds no point in time, default_uuid4 / uuid7 on a column that is not a pc::uuid,
// an empty raw default, an index over two tables' members or naming a member twice.

// piccolo-expect: DEFAULT_NOW_ON_TEXT | piccolo: default_now<...>: the column does not hold a point in time
// piccolo-expect: DEFAULT_NOW_ON_MINUTES | piccolo: default_now<...>: the column does not hold a point in time
// piccolo-expect: DEFAULT_UUID4_ON_INTEGER | piccolo: default_uuid4<...> / default_uuid7<...>: the column is not a pc::uuid
// piccolo-expect: DEFAULT_UUID7_ON_TEXT | piccolo: default_uuid4<...> / default_uuid7<...>: the column is not a pc::uuid
// piccolo-expect: DEFAULT_SQL_EMPTY | piccolo: default_sql<...>: the expression is empty
// piccolo-expect: INDEX_ON_TWO_TABLES | piccolo: index_on<...>: the members belong to different tables
// piccolo-expect: INDEX_USING_MEMBER_TWICE | piccolo: index_on<...>: a member is named twice

#include <chrono>
#include <optional>
#include <string>

#include "../schema.hpp"

namespace broken {
using namespace music;

struct Visit {
  pc::uuid id;
  std::string page;
  std::int64_t hits = 0;
  std::optional<std::chrono::sys_time<std::chrono::minutes>> rounded;
  std::chrono::sys_time<std::chrono::microseconds> at;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&Visit::id>, pc::default_uuid7<&Visit::id>
#ifdef DEFAULT_NOW_ON_TEXT
                       , pc::default_now<&Visit::page>
#endif
#ifdef DEFAULT_NOW_ON_MINUTES
                       , pc::default_now<&Visit::rounded>
#endif
#ifdef DEFAULT_UUID4_ON_INTEGER
                       , pc::default_uuid4<&Visit::hits>
#endif
#ifdef DEFAULT_UUID7_ON_TEXT
                       , pc::default_uuid7<&Visit::page>
#endif
#ifdef DEFAULT_SQL_EMPTY
                       , pc::default_sql<&Visit::hits, "">
#endif
#ifdef INDEX_ON_TWO_TABLES
                       , pc::index_on<&Visit::page, &Band::name>
#endif
#ifdef INDEX_USING_MEMBER_TWICE
                       , pc::index_using<pc::index_method::hash, &Visit::page, &Visit::page>
#endif
                       , pc::default_now<&Visit::at>, pc::index_on<&Visit::page, &Visit::at>);
  }
};

void create() { (void)pc::create_table<Visit>().sql<pc::postgres_dialect>(); }
}  // namespace broken
