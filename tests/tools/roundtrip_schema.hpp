#pragma once
// The schema `piccolo schema generate` must give back: the playground's example schema
// (examples/playground.cpp) plus what it does not show (a composite key, a multi-column
// unique constraint and index, a nullable foreign key with actions, database-side
// defaults, names snake_case would not give). Types are those both engines read back
// exactly (a SQLite BLOB is bytes, not a uuid).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <piccolo/arrays.hpp>
#include <piccolo/json.hpp>
#include <piccolo/piccolo.hpp>

namespace original {

namespace pc = piccolo;

struct Manager {
  pc::serial id;
  pc::varchar<50> name;
};

struct Band {
  pc::serial id;
  pc::varchar<50> name;
  pc::foreign_key<Manager> manager;
  std::int32_t popularity = 0;
  std::optional<std::string> website;
  static constexpr auto column_options() { return pc::options(pc::unique<&Band::name>); }
};

struct Venue {
  pc::serial id;
  pc::varchar<100> name;
  std::int32_t capacity = 0;
};

struct Concert {
  pc::serial id;
  pc::foreign_key<Band> band_1;
  pc::foreign_key<Band> band_2;
  pc::foreign_key<Venue> venue;
  std::chrono::sys_time<std::chrono::microseconds> starts;
  std::int32_t duration_minutes = 0;
};

struct Ticket {
  pc::serial id;
  pc::foreign_key<Concert> concert;
  double price = 0;
  std::string ticket_type = "standing";
};

// A composite key, a column named unlike its member, a nullable foreign key with actions,
// a multi-column unique constraint and index, defaults from the database.
struct RecordingStudio {
  static constexpr std::string_view table_name = "Studio Sessions";
  std::int64_t studio;
  std::int32_t session;
  std::optional<pc::foreign_key<Band>> band;
  bool booked = true;
  std::chrono::sys_time<std::chrono::microseconds> created;
  std::string first_name;
  std::optional<double> rate;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&RecordingStudio::studio>, pc::primary_key<&RecordingStudio::session>,
                       pc::column_name<&RecordingStudio::first_name, "first name">,
                       pc::on_delete<&RecordingStudio::band, pc::action::set_null>,
                       pc::on_update<&RecordingStudio::band, pc::action::restrict>,
                       pc::unique<&RecordingStudio::band, &RecordingStudio::first_name>,
                       pc::index_on<&RecordingStudio::created, &RecordingStudio::rate>,
                       pc::default_now<&RecordingStudio::created>,
                       pc::default_sql<&RecordingStudio::rate, "random()">);
  }
};

using schema = pc::schema<Manager, Band, Venue, Concert, Ticket, RecordingStudio>;

// PostgreSQL only: the types SQLite stores in another form (a uuid as a BLOB, a numeric
// as TEXT, an interval as INTEGER, an array or JSON as TEXT).
struct PostgresTypes {
  pc::bigserial id;
  pc::uuid token;
  std::optional<pc::numeric<10, 2>> amount;
  std::chrono::microseconds wait;
  pc::time_of_day opens;
  std::chrono::year_month_day day;
  pc::timestamptz at;
  std::vector<std::byte> data;
  std::vector<std::int32_t> scores;
  std::optional<pc::jsonb> document;
  pc::foreign_key<PostgresTypes> parent;
  static constexpr auto column_options() {
    return pc::options(pc::default_uuid4<&PostgresTypes::token>, pc::default_now<&PostgresTypes::at>,
                       pc::index_using<pc::index_method::gin, &PostgresTypes::scores>,
                       pc::index_using<pc::index_method::hash, &PostgresTypes::token>);
  }
};
using postgres_schema = pc::schema<Manager, Band, Venue, Concert, Ticket, RecordingStudio, PostgresTypes>;

}  // namespace original
