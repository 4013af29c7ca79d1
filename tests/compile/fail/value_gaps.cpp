// What issue 10's late value-type work still refuses: is_in() with elements of another
// kind than a time-of-day or interval column (and on dates, as before); pc::numeric
// arithmetic in SQL that SQLite cannot compute exactly (past 18 digits), that divides,
// or that mixes in a real or text; the sum of a numeric expression that binds a value or
// of times of day; key tests on a column that is no pc::jsonb, or with keys not text.

// piccolo-expect: TIME_IS_IN_TIMESTAMPS | piccolo: is_in..: the list's elements do not match the column's type
// piccolo-expect: INTERVAL_NOT_IN_INTEGERS | piccolo: not_in..: the list's elements do not match the column's type
// piccolo-expect: DATE_IS_IN | piccolo: is_in..: the column is a timestamp, date, bytes or JSON column
// piccolo-expect: NUMERIC_PLUS_TOO_WIDE | piccolo: operator.: pc::numeric arithmetic in SQL takes at most 18 digits
// piccolo-expect: NUMERIC_PRODUCT_TOO_WIDE | piccolo: operator.: pc::numeric arithmetic in SQL takes at most 18 digits
// piccolo-expect: NUMERIC_DIVIDED | piccolo: operator/: both sides must be numbers .pc::numeric multiplies, but does not divide
// piccolo-expect: NUMERIC_PLUS_REAL | piccolo: operator.: adds numbers
// piccolo-expect: NUMERIC_MINUS_TEXT | piccolo: operator-: both sides must be numbers
// piccolo-expect: NUMERIC_COMPARED_WITH_REAL | piccolo: operator<: the two sides have unrelated types
// piccolo-expect: NUMERIC_COMPARED_WITH_OPTIONAL_INTEGER | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: NUMERIC_SUM_BINDS_A_VALUE | piccolo: sum..: a pc::numeric expression that binds values cannot be summed
// piccolo-expect: TIME_OF_DAY_SUMMED | piccolo: sum..: the argument is not a number
// piccolo-expect: HAS_KEY_ON_JSON | piccolo: has_key..: the column has no keys to test
// piccolo-expect: HAS_ANY_KEYS_ON_TEXT | piccolo: has_any_keys..: the column has no keys to test
// piccolo-expect: HAS_ALL_KEYS_OF_INTEGERS | piccolo: has_any_keys.. / has_all_keys..: the keys are text

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <piccolo/json.hpp>
#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Ledger {
  pc::serial id;
  pc::numeric<10, 2> amount;
  pc::numeric<6, 4> rate;
  std::optional<pc::numeric<30, 12>> ratio;
  int units = 0;
  std::string note;
  pc::time_of_day opens;
  std::chrono::minutes length{};
  std::chrono::year_month_day day{std::chrono::year{2024}, std::chrono::month{1}, std::chrono::day{1}};
  pc::jsonb data;
  pc::json note_json;
};

void build() {
  (void)pc::count<Ledger>().where(c<&Ledger::opens>.is_in({pc::time_of_day{}}));
  (void)pc::count<Ledger>().where(c<&Ledger::length>.not_in({std::chrono::seconds{1}}));
  (void)pc::select(c<&Ledger::amount> * c<&Ledger::rate>, c<&Ledger::amount> - 1);
  (void)pc::select(pc::sum(c<&Ledger::amount>), pc::sum(c<&Ledger::amount> * c<&Ledger::units>));
  (void)pc::select(pc::sum(c<&Ledger::length>), pc::min(c<&Ledger::opens>));
  (void)pc::count<Ledger>().where(c<&Ledger::data>.has_key("a") && c<&Ledger::data>.has_all_keys({"a", "b"}));
#ifdef TIME_IS_IN_TIMESTAMPS
  (void)pc::count<Ledger>().where(c<&Ledger::opens>.is_in({std::chrono::sys_seconds{}}));
#endif
#ifdef INTERVAL_NOT_IN_INTEGERS
  (void)pc::count<Ledger>().where(c<&Ledger::length>.not_in({30, 60}));
#endif
#ifdef DATE_IS_IN
  (void)pc::count<Ledger>().where(c<&Ledger::day>.is_in({std::chrono::year_month_day{}}));
#endif
#ifdef NUMERIC_PLUS_TOO_WIDE
  (void)pc::select(c<&Ledger::ratio> + 1);
#endif
#ifdef NUMERIC_PRODUCT_TOO_WIDE
  (void)pc::select(c<&Ledger::amount> * c<&Ledger::amount>);  // 20 digits
#endif
#ifdef NUMERIC_DIVIDED
  (void)pc::select(c<&Ledger::amount> / 3);
#endif
#ifdef NUMERIC_PLUS_REAL
  (void)pc::select(c<&Ledger::amount> + 0.5);
#endif
#ifdef NUMERIC_MINUS_TEXT
  (void)pc::select(c<&Ledger::amount> - c<&Ledger::note>);
#endif
#ifdef NUMERIC_COMPARED_WITH_REAL
  (void)pc::count<Ledger>().where(c<&Ledger::amount> < 9.99);
#endif
#ifdef NUMERIC_COMPARED_WITH_OPTIONAL_INTEGER
  (void)pc::count<Ledger>().where(c<&Ledger::amount> == std::optional<int>{5});  // would bind as an integer
#endif
#ifdef NUMERIC_SUM_BINDS_A_VALUE
  (void)pc::select(pc::sum(c<&Ledger::amount> + 1));
#endif
#ifdef TIME_OF_DAY_SUMMED
  (void)pc::select(pc::sum(c<&Ledger::opens>));
#endif
#ifdef HAS_KEY_ON_JSON
  (void)pc::count<Ledger>().where(c<&Ledger::note_json>.has_key("a"));  // PostgreSQL has no ? on json
#endif
#ifdef HAS_ANY_KEYS_ON_TEXT
  (void)pc::count<Ledger>().where(c<&Ledger::note>.has_any_keys({"a"}));
#endif
#ifdef HAS_ALL_KEYS_OF_INTEGERS
  (void)pc::count<Ledger>().where(c<&Ledger::data>.has_all_keys({1, 2}));
#endif
}

}  // namespace broken
