// Table structs piccolo cannot map: a column type it cannot store, a foreign key whose
// Key differs from the referenced key, a reference to a table without a key, an
// option naming another table's member, a serial inside a composite key, a cycle.

// piccolo-expect: UNSUPPORTED_COLUMN_TYPE | piccolo: create_table..: a column has a type piccolo cannot store
// piccolo-expect: UNSUPPORTED_OPTIONAL_COLUMN_TYPE | piccolo: create_table..: a column has a type piccolo cannot store
// piccolo-expect: FOREIGN_KEY_TYPE_MISMATCH | piccolo: create_table..: foreign_key<T, Key>: Key differs from the referenced primary key type
// piccolo-expect: FOREIGN_KEY_TO_TABLE_WITHOUT_KEY | piccolo: create_table..: foreign_key<T>: the referenced table has no primary key
// piccolo-expect: OPTION_NAMES_OTHER_TABLE | piccolo: column_options..: an option names a member of another table
// piccolo-expect: SERIAL_IN_COMPOSITE_KEY | piccolo: create_table..: a serial key cannot be part of a composite primary key
// piccolo-expect: CREATE_TABLES_UNSUPPORTED_COLUMN_TYPE | piccolo: create_tables..: a column has a type piccolo cannot store
// piccolo-expect: FOREIGN_KEY_CYCLE | piccolo: create_tables..: the tables' foreign keys form a cycle
// piccolo-expect: SCHEMA_FOREIGN_KEY_CYCLE | piccolo: schema<...>: the tables' foreign keys form a cycle
// piccolo-expect: TABLE_NAME_PAST_63_BYTES | (piccolo: snapshot_of..: a table or column name is longer than PostgreSQL's 63 bytes.*table_name_longer_than_63_bytes<broken::LongTable, piccolo::detail::name_text<64>|table_name_longer_than_63_bytes<broken::LongTable, piccolo::detail::name_text<64>.*piccolo: snapshot_of..: a table or column name is longer than PostgreSQL's 63 bytes)
// piccolo-expect: COLUMN_NAME_PAST_63_BYTES | (piccolo: verify_schema..: a table or column name is longer than PostgreSQL's 63 bytes.*column_name_longer_than_63_bytes<broken::LongColumn, 1, piccolo::detail::name_text<64>|column_name_longer_than_63_bytes<broken::LongColumn, 1, piccolo::detail::name_text<64>.*piccolo: verify_schema..: a table or column name is longer than PostgreSQL's 63 bytes)

#include <optional>
#include <string>
#include <vector>

#include <piccolo/migrate.hpp>
#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

namespace broken {
using namespace music;

struct Playlist {
  pc::serial id;
#ifdef UNSUPPORTED_COLUMN_TYPE
  std::vector<int> track_numbers;
#endif
#ifdef UNSUPPORTED_OPTIONAL_COLUMN_TYPE
  std::optional<std::vector<std::string>> tags;
#endif
};

struct Album {
  pc::serial id;
#ifdef CREATE_TABLES_UNSUPPORTED_COLUMN_TYPE
  char initial;
#endif
};

struct Review {
  pc::serial id;
#ifdef FOREIGN_KEY_TYPE_MISMATCH
  pc::foreign_key<Country, std::int64_t> country;  // Country's key is a std::string
#else
  pc::foreign_key<Country, std::string> country;
#endif
};

struct Log {
  std::string line;
};
struct LogReader {
  pc::serial id;
#ifdef FOREIGN_KEY_TO_TABLE_WITHOUT_KEY
  pc::foreign_key<Log> log;
#endif
};

struct Label {
  pc::serial id;
  std::string name;
  static constexpr auto column_options() {
#ifdef OPTION_NAMES_OTHER_TABLE
    return pc::options(pc::unique<&Band::name>);
#else
    return pc::options(pc::unique<&Label::name>);
#endif
  }
};

struct Edition {
  pc::serial id;
  int number;
#ifdef SERIAL_IN_COMPOSITE_KEY
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Edition::number>); }
#endif
};

struct Egg;
struct Chicken {
  pc::serial id;
#if defined(FOREIGN_KEY_CYCLE) || defined(SCHEMA_FOREIGN_KEY_CYCLE)
  std::optional<pc::foreign_key<Egg>> egg;
#endif
};
struct Egg {
  pc::serial id;
  pc::foreign_key<Chicken> chicken;
};

// Names PostgreSQL would store cut at 63 bytes (SQLite would keep them; a schema serves both).
struct LongTable {
  pc::serial id;
  static constexpr std::string_view table_name = "a_table_name_of_sixty_four_bytes_which_postgres_would_cut_shortx";
};
struct LongColumn {
  pc::serial id;
  int value = 0;
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&LongColumn::value, "a_column_name_of_sixty_four_bytes_which_postgres_would_cut_short">);
  }
};
// 63 bytes: kept whole
struct LongestTable {
  pc::serial id;
  static constexpr std::string_view table_name = "a_table_name_of_sixty_three_bytes_which_postgres_keeps_whole_xx";
};

[[maybe_unused]] void migrate(pc::sqlite::database& db) {
  (void)pc::snapshot_of(pc::schema<LongestTable, Band, Manager>{});
  (void)pc::verify_schema(db, pc::schema<LongestTable>{});
#ifdef TABLE_NAME_PAST_63_BYTES
  (void)pc::snapshot_of(pc::schema<LongTable>{});
#endif
#ifdef COLUMN_NAME_PAST_63_BYTES
  (void)pc::verify_schema(db, pc::schema<Manager, LongColumn>{});
#endif
}

void create() {
  (void)pc::create_table<Playlist>().sql<pc::sqlite_dialect>();
  (void)pc::create_table<Review>().sql<pc::sqlite_dialect>();
  (void)pc::create_table<LogReader>().sql<pc::sqlite_dialect>();
  (void)pc::create_table<Label>().sql<pc::sqlite_dialect>();
  (void)pc::create_table<Edition>().sql<pc::sqlite_dialect>();
#ifdef SCHEMA_FOREIGN_KEY_CYCLE
  (void)pc::schema<Chicken, Egg>::tables;
#else
  (void)pc::create_tables<Chicken, Egg>().sql<pc::sqlite_dialect>();
#endif
  (void)pc::create_tables<Band, Album, Manager>().sql<pc::sqlite_dialect>();
}
}  // namespace broken
