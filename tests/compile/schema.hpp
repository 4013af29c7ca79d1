#pragma once
// Tables shared by the compile-time checks (tests/compile/*.cpp) and the compile-fail
// tests (tests/compile/fail/*.cpp). Each column kind and option appears at least once.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace music {

enum class Genre { rock, jazz, folk };
BOOST_DESCRIBE_ENUM(Genre, rock, jazz, folk)

struct Manager {
  pc::serial id;
  pc::varchar<100> name;
};

// snake_case table name: "recording_studio"; a bigserial key.
struct RecordingStudio {
  pc::bigserial id;
  std::string name;
};

struct Band {
  pc::serial id;
  pc::varchar<50> name;
  pc::foreign_key<Manager> manager;
  int popularity = 0;
  std::optional<std::string> website;
  static constexpr auto column_options() {
    return pc::options(pc::unique<&Band::name>, pc::index<&Band::popularity>,
                       pc::column_name<&Band::website, "site">);
  }
};

// Two foreign keys to one table (one nullable), a nullable foreign key to a bigserial
// key, foreign key actions, and the time types.
struct Concert {
  pc::serial id;
  pc::foreign_key<Band> headliner;
  std::optional<pc::foreign_key<Band>> support;
  std::optional<pc::foreign_key<RecordingStudio>> studio;
  std::chrono::sys_time<std::chrono::microseconds> starts;
  std::chrono::year_month_day day;
  static constexpr auto column_options() {
    return pc::options(pc::on_delete<&Concert::support, pc::action::set_null>,
                       pc::on_update<&Concert::support, pc::action::restrict>,
                       pc::on_delete<&Concert::studio, pc::action::set_null>,
                       pc::on_update<&Concert::studio, pc::action::no_action>);
  }
};

// Member initializers become DEFAULTs.
struct Ticket {
  pc::serial id;
  pc::foreign_key<Concert> concert;
  double price = 19.99;
  std::string note = "it's";
  pc::varchar<10> label = "VIP";
  bool sold = false;
  Genre genre = Genre::jazz;
  float discount = 0.5f;
  std::int16_t row = -3;
  std::int64_t seat = 7;
  std::chrono::year_month_day printed = std::chrono::year{2024} / 1 / 31;
  std::optional<int> gate;
  std::optional<std::int32_t> level = 2;
};

// Every column type once, no defaults.
struct AllTypes {
  pc::bigserial id;
  std::int16_t small;
  std::int32_t medium;
  std::int64_t big;
  bool flag;
  float ratio;
  double amount;
  std::string text;
  pc::varchar<20> code;
  std::vector<std::byte> data;
  std::chrono::sys_time<std::chrono::microseconds> at;
  std::chrono::year_month_day on;
  Genre genre;
  std::optional<std::int32_t> maybe_int;
  std::optional<std::string> maybe_text;
};

// A natural (non-serial) key, and a foreign key to it with its key type spelled out.
struct Country {
  std::string code;
  std::string name;
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Country::code>); }
};
struct City {
  pc::serial id;
  pc::foreign_key<Country, std::string> country;
  std::string name;
};

// A composite primary key of two foreign keys.
struct Membership {
  pc::foreign_key<Band> band;
  pc::foreign_key<Manager> manager;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&Membership::band>, pc::primary_key<&Membership::manager>);
  }
};

// table_name overrides the snake_case name.
struct Venue {
  pc::serial id;
  std::string city;
  static constexpr std::string_view table_name = "venues";
};

// A described class: not an aggregate, with a private member.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& value() const { return value_; }

  pc::serial id;

 private:
  std::string value_;
  BOOST_DESCRIBE_CLASS(Secret, (), (id), (), (value_))
};

}  // namespace music

// The SQL text of query type Q in each dialect.
template <class Q>
inline constexpr std::string_view sqlite_text = pc::sql_of<Q, pc::sqlite_dialect>;
template <class Q>
inline constexpr std::string_view postgres_text = pc::sql_of<Q, pc::postgres_dialect>;
