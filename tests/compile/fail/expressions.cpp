// Expressions that cannot be right: NULL compared as a value, a std::optional value in an
// ordering comparison, a value on the left of the wrong kind, durations where no
// timestamp is or finer than one stores, functions on the wrong kind, assignments that
// could put NULL or a real number where it cannot go, and a join path through a column
// that is not a foreign key (one error, not a cascade). Each case is one mistake; the
// clean build shows the correct form next to it.

// piccolo-expect: EQUALS_NULLOPT | piccolo: operator==: comparing with std::nullopt .NULL. matches no row in SQL. test the column with c<...>.is_null..
// piccolo-expect: NOT_EQUAL_NULLOPT | piccolo: operator!=: comparing with std::nullopt .NULL. matches no row in SQL. test the column with c<...>.is_not_null..
// piccolo-expect: NULLOPT_FIRST_EQUALS | piccolo: operator==: comparing with std::nullopt
// piccolo-expect: LESS_THAN_OPTIONAL_VALUE | piccolo: operator<: the value is a std::optional, and an empty one would match no row
// piccolo-expect: OPTIONAL_VALUE_FIRST_GREATER | piccolo: operator>: the value is a std::optional
// piccolo-expect: VALUE_FIRST_OF_OTHER_KIND | piccolo: operator<=: the two sides have unrelated types
// piccolo-expect: TEXT_FIRST_PLUS_NUMBER | piccolo: operator.: text is concatenated with text only
// piccolo-expect: NUMBER_FIRST_TIMES_TEXT | piccolo: operator.: both sides must be numbers
// piccolo-expect: DURATION_ADDED_TO_NUMBER | piccolo: operator.: adds numbers .or concatenates text, or adds a std::chrono duration to a timestamp.
// piccolo-expect: DURATION_FINER_THAN_MICROSECONDS | piccolo: operator.: the duration is not a whole number of microseconds
// piccolo-expect: DURATION_MINUS_TIMESTAMP | piccolo: operator-: both sides must be numbers .or a timestamp minus a std::chrono duration.
// piccolo-expect: LOWER_OF_NUMBER | piccolo: lower..: takes text
// piccolo-expect: LENGTH_OF_NUMBER | piccolo: length..: takes text
// piccolo-expect: ABS_OF_TEXT | piccolo: abs..: takes a number
// piccolo-expect: ROUND_TO_TEXT_DIGITS | piccolo: round..: the number of digits is an integer
// piccolo-expect: COALESCE_OF_ONE_VALUE | piccolo: coalesce..: give at least two values
// piccolo-expect: COALESCE_OF_UNRELATED_VALUES | piccolo: coalesce..: the values have unrelated types
// piccolo-expect: SET_NULLABLE_EXPRESSION_TO_NOT_NULL_COLUMN | piccolo: set..: the value may be NULL .a std::optional, or computed from a column that may be NULL. and the column is not std::optional. give a fallback with pc::coalesce
// piccolo-expect: SET_OPTIONAL_VALUE_TO_NOT_NULL_COLUMN | piccolo: set..: the value may be NULL
// piccolo-expect: SET_REAL_EXPRESSION_TO_INTEGER_COLUMN | piccolo: set..: the value is a floating-point number and the column an integer
// piccolo-expect: JOIN_PATH_THROUGH_A_PLAIN_COLUMN | piccolo: c<>: join path: every member before the last must be a pc::foreign_key[^\n]*\n([^:]|:[^ ]|: [^e]|: e[^r])*$

#include <chrono>
#include <optional>
#include <string>

#include "../schema.hpp"

using namespace music;
using namespace std::chrono_literals;

void null_and_optional_values() {
  (void)c<&Band::website>.is_null();
  (void)(c<&Band::website> == std::optional<std::string>{});  // NULL-safe: matches the NULL rows
  (void)(c<&Band::popularity> < *std::optional<int>{1});
#ifdef EQUALS_NULLOPT
  (void)(c<&Band::website> == std::nullopt);
#endif
#ifdef NOT_EQUAL_NULLOPT
  (void)(c<&Band::website> != std::nullopt);
#endif
#ifdef NULLOPT_FIRST_EQUALS
  (void)(std::nullopt == c<&Band::website>);
#endif
#ifdef LESS_THAN_OPTIONAL_VALUE
  (void)(c<&Band::popularity> < std::optional<int>{1});
#endif
#ifdef OPTIONAL_VALUE_FIRST_GREATER
  (void)(std::optional<int>{1} > c<&Band::popularity>);
#endif
}

void values_on_the_left() {
  (void)(1000 <= c<&Band::popularity>);
  (void)("!!!" + c<&Band::name>);
  (void)(2 * c<&Band::popularity>);
#ifdef VALUE_FIRST_OF_OTHER_KIND
  (void)("many" <= c<&Band::popularity>);
#endif
#ifdef TEXT_FIRST_PLUS_NUMBER
  (void)("!!!" + c<&Band::popularity>);
#endif
#ifdef NUMBER_FIRST_TIMES_TEXT
  (void)(2 * c<&Band::name>);
#endif
}

void durations() {
  (void)(c<&Concert::starts> + 90min);
  (void)(1h + c<&Concert::starts>);
  (void)(c<&Concert::starts> - std::chrono::days{1});
#ifdef DURATION_ADDED_TO_NUMBER
  (void)(c<&Band::popularity> + 1s);
#endif
#ifdef DURATION_FINER_THAN_MICROSECONDS
  (void)(c<&Concert::starts> + 1ns);
#endif
#ifdef DURATION_MINUS_TIMESTAMP
  (void)(1h - c<&Concert::starts>);
#endif
}

void functions() {
  (void)pc::lower(c<&Band::name>);
  (void)pc::length(c<&Band::name>);
  (void)pc::abs(c<&Band::popularity>);
  (void)pc::round(c<&Ticket::price>, 2);
  (void)pc::coalesce(c<&Ticket::gate>, 0);
#ifdef LOWER_OF_NUMBER
  (void)pc::lower(c<&Band::popularity>);
#endif
#ifdef LENGTH_OF_NUMBER
  (void)pc::length(c<&Band::popularity>);
#endif
#ifdef ABS_OF_TEXT
  (void)pc::abs(c<&Band::name>);
#endif
#ifdef ROUND_TO_TEXT_DIGITS
  (void)pc::round(c<&Ticket::price>, "2");
#endif
#ifdef COALESCE_OF_ONE_VALUE
  (void)pc::coalesce(c<&Ticket::gate>);
#endif
#ifdef COALESCE_OF_UNRELATED_VALUES
  (void)pc::coalesce(c<&Ticket::gate>, "none");
#endif
}

void assignments() {
  (void)pc::update<Ticket>().set(c<&Ticket::gate> = c<&Ticket::gate> + 1,
                                 c<&Ticket::seat> = pc::coalesce(c<&Ticket::gate>, 0) + 1,
                                 c<&Ticket::price> = c<&Ticket::price> * 1.5);
#ifdef SET_NULLABLE_EXPRESSION_TO_NOT_NULL_COLUMN
  (void)pc::update<Ticket>().set(c<&Ticket::seat> = c<&Ticket::gate> + 1);
#endif
#ifdef SET_OPTIONAL_VALUE_TO_NOT_NULL_COLUMN
  (void)pc::update<Ticket>().set(c<&Ticket::seat> = std::optional<std::int64_t>{7});
#endif
#ifdef SET_REAL_EXPRESSION_TO_INTEGER_COLUMN
  (void)pc::update<Ticket>().set(c<&Ticket::seat> = c<&Ticket::seat> * 1.5);
#endif
}

void join_paths() {
  auto q = pc::select(c<&Band::name>).where(c<&Band::manager, &Manager::name> == "Guido");
  (void)q.sql<pc::sqlite_dialect>();
#ifdef JOIN_PATH_THROUGH_A_PLAIN_COLUMN
  auto wrong = pc::select(c<&Band::name>).where(c<&Band::popularity, &Manager::name> == "Guido");
  (void)wrong.sql<pc::sqlite_dialect>();
#endif
}
