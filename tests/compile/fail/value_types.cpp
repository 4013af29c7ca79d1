// Value types come from value_traits<T> alone: a user type without a specialisation is
// refused where the table is created, pointing to the specialisation to write; a type of
// category::distinct (pc::uuid, a user id) compares with its own type only.

// piccolo-expect: USER_TYPE_WITHOUT_TRAITS | piccolo: create_table..: a column has a type piccolo cannot store .the note names it.; specialise piccolo::value_traits<T>
// piccolo-expect: OPTIONAL_USER_TYPE_WITHOUT_TRAITS | piccolo: create_table..: a column has a type piccolo cannot store .the note names it.; specialise piccolo::value_traits<T>
// piccolo-expect: UUID_COMPARED_WITH_BYTES | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: UUID_COMPARED_WITH_TEXT | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: TIME_COMPARED_WITH_TIMESTAMP | piccolo: operator<: the two sides have unrelated types
// piccolo-expect: INTERVAL_COMPARED_WITH_INTEGER | piccolo: operator>: the two sides have unrelated types
// piccolo-expect: FLOATING_DURATION_COLUMN | piccolo: create_table..: a column has a type piccolo cannot store .the note names it.; specialise piccolo::value_traits<T>
// piccolo-expect: NUMERIC_WITHOUT_PRECISION | piccolo: numeric<P, S>: the precision P must be 1 to 1000
// piccolo-expect: NUMERIC_SCALE_ABOVE_PRECISION | piccolo: numeric<P, S>: the scale S must be 0 to P
// piccolo-expect: NUMERIC_COMPARED_WITH_INTEGER_COLUMN | piccolo: operator>: the two sides have unrelated types
// piccolo-expect: NUMERIC_COMPARED_WITH_OTHER_SCALE | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: UUID_IS_IN_TEXT_LIST | piccolo: is_in..: the list's elements do not match the column's type

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Money {  // no value_traits<Money>
  std::int64_t cents = 0;
};

struct Invoice {
  pc::uuid id;
  std::string customer;
#ifdef USER_TYPE_WITHOUT_TRAITS
  Money total;
#endif
#ifdef OPTIONAL_USER_TYPE_WITHOUT_TRAITS
  std::optional<Money> discount;
#endif
  pc::numeric<10, 2> amount;
#ifdef NUMERIC_WITHOUT_PRECISION
  pc::numeric<0> nothing;
#endif
#ifdef NUMERIC_SCALE_ABOVE_PRECISION
  pc::numeric<5, 6> too_fine;
#endif
  pc::time_of_day due;
  std::chrono::seconds grace{};
#ifdef FLOATING_DURATION_COLUMN
  std::chrono::duration<double> exact_grace{};  // not whole microseconds: no value_traits
#endif
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Invoice::id>); }
};

void build() {
  (void)pc::create_table<Invoice>();
  (void)pc::count<Invoice>().where(c<&Invoice::id> == pc::uuid::v4());
  (void)pc::count<Invoice>().where(c<&Invoice::id>.is_in({pc::uuid::v4()}));
#ifdef UUID_COMPARED_WITH_BYTES
  (void)pc::count<Invoice>().where(c<&Invoice::id> == std::vector<std::byte>{});
#endif
#ifdef UUID_COMPARED_WITH_TEXT
  (void)pc::count<Invoice>().where(c<&Invoice::id> == std::string{"0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f"});
#endif
#ifdef TIME_COMPARED_WITH_TIMESTAMP
  (void)pc::count<Invoice>().where(c<&Invoice::due> < std::chrono::sys_seconds{});
#endif
#ifdef INTERVAL_COMPARED_WITH_INTEGER
  (void)pc::count<Invoice>().where(c<&Invoice::grace> > 30);
#endif
  (void)pc::count<Invoice>().where(c<&Invoice::amount> > 10);  // an integer value binds as the numeric
#ifdef NUMERIC_COMPARED_WITH_INTEGER_COLUMN
  // SQLite would compare an integer with the numeric's text
  (void)pc::count<Invoice>().where(c<&Invoice::amount> > pc::length(c<&Invoice::customer>));
#endif
#ifdef NUMERIC_COMPARED_WITH_OTHER_SCALE
  (void)pc::count<Invoice>().where(c<&Invoice::amount> == pc::numeric<12, 4>{});
#endif
#ifdef UUID_IS_IN_TEXT_LIST
  (void)pc::count<Invoice>().where(c<&Invoice::id>.is_in({std::string{"0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f"}}));
#endif
}

}  // namespace broken
