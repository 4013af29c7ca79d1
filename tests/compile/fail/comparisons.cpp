// Conditions whose two sides cannot be compared, and text or list operators on a
// column of the wrong kind. Each case is one mistake; the clean build shows the
// correct form next to it.

// piccolo-expect: VARCHAR_EQUALS_INT | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: INT_EQUALS_TEXT | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: ENUM_EQUALS_INT | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: ENUM_EQUALS_OTHER_ENUM | piccolo: operator!=: the two sides have unrelated types
// piccolo-expect: BOOL_EQUALS_TEXT | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: TIME_LESS_THAN_INT | piccolo: operator<: the two sides have unrelated types
// piccolo-expect: COLUMN_EQUALS_COLUMN_OF_OTHER_KIND | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: LIKE_ON_INT | piccolo: like..: the column is not text
// piccolo-expect: ILIKE_ON_ENUM | piccolo: like..: the column is not text
// piccolo-expect: IS_IN_WRONG_ELEMENT_TYPE | piccolo: is_in..: the list's elements do not match the column's type
// piccolo-expect: NOT_IN_WRONG_ELEMENT_TYPE | piccolo: not_in..: the list's elements do not match the column's type
// piccolo-expect: AND_ON_NON_CONDITIONS | piccolo: operator&&: both sides must be conditions
// piccolo-expect: OR_ON_NON_CONDITION | piccolo: operator..: both sides must be conditions
// piccolo-expect: NOT_ON_NON_CONDITION | piccolo: operator!: negates a condition only
// piccolo-expect: CONCATENATE_TEXT_WITH_INT | piccolo: operator.: text is concatenated with text only
// piccolo-expect: ADD_TEXT_TO_INT | piccolo: operator.: adds numbers
// piccolo-expect: MULTIPLY_TEXT | piccolo: operator.: both sides must be numbers

#include <string>
#include <vector>

#include "../schema.hpp"

using namespace music;

void conditions() {
  (void)(c<&Band::name> == "Pythonistas" && c<&Band::popularity> == 42);
  (void)(c<&Ticket::genre> == Genre::rock && c<&Ticket::sold> == true);
  (void)(c<&Concert::starts> < std::chrono::sys_time<std::chrono::microseconds>{});
#ifdef VARCHAR_EQUALS_INT
  (void)(c<&Band::name> == 42);
#endif
#ifdef INT_EQUALS_TEXT
  (void)(c<&Band::popularity> == "text");
#endif
#ifdef ENUM_EQUALS_INT
  (void)(c<&Ticket::genre> == 1);
#endif
#ifdef ENUM_EQUALS_OTHER_ENUM
  enum class Colour { red };
  (void)(c<&Ticket::genre> != Colour::red);
#endif
#ifdef BOOL_EQUALS_TEXT
  (void)(c<&Ticket::sold> == std::string{"yes"});
#endif
#ifdef TIME_LESS_THAN_INT
  (void)(c<&Concert::starts> < 1700000000);
#endif
#ifdef COLUMN_EQUALS_COLUMN_OF_OTHER_KIND
  (void)(c<&Band::name> == c<&Band::popularity>);
#endif
}

void text_and_lists() {
  (void)c<&Band::name>.like("Py%");
  (void)c<&Band::id>.is_in({1, 2, 3});
  (void)c<&Band::name>.not_in(std::vector<std::string>{"a", "b"});
#ifdef LIKE_ON_INT
  (void)c<&Band::popularity>.like("1%");
#endif
#ifdef ILIKE_ON_ENUM
  (void)c<&Ticket::genre>.ilike("ro%");
#endif
#ifdef IS_IN_WRONG_ELEMENT_TYPE
  (void)c<&Band::id>.is_in(std::vector<std::string>{"1", "2"});
#endif
#ifdef NOT_IN_WRONG_ELEMENT_TYPE
  (void)c<&Band::name>.not_in({1, 2});
#endif
}

void logic_and_arithmetic() {
  (void)(c<&Band::popularity> > 1 && !(c<&Band::name> == "x"));
  (void)(c<&Band::popularity> + 1 == c<&Band::id> * 2);
  (void)(c<&Band::name> + "!" == "x!");
#ifdef AND_ON_NON_CONDITIONS
  (void)(c<&Band::popularity> && c<&Band::id>);
#endif
#ifdef OR_ON_NON_CONDITION
  (void)(c<&Band::popularity> > 1 || c<&Band::popularity> + 1);
#endif
#ifdef NOT_ON_NON_CONDITION
  (void)!c<&Band::name>;
#endif
#ifdef CONCATENATE_TEXT_WITH_INT
  (void)(c<&Band::name> + 1);
#endif
#ifdef ADD_TEXT_TO_INT
  (void)(c<&Band::popularity> + "1");
#endif
#ifdef MULTIPLY_TEXT
  (void)(c<&Band::name> * 2);
#endif
}
