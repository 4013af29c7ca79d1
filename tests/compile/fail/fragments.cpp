// Raw fragments whose {} placeholders do not match their arguments, and optional filters
// given what they cannot use.

// piccolo-expect: WHERE_RAW_TOO_FEW_ARGUMENTS | piccolo: where_raw..: the number of .. placeholders differs from the number of arguments
// piccolo-expect: WHERE_RAW_UNBALANCED_BRACE | piccolo: where_raw..: unbalanced brace in the text
// piccolo-expect: WHERE_RAW_UNBINDABLE_ARGUMENT | piccolo: where_raw..: an argument has a type piccolo cannot bind
// piccolo-expect: SELECT_RAW_TOO_MANY_ARGUMENTS | piccolo: select_raw..: the number of .. placeholders differs from the number of arguments
// piccolo-expect: SELECT_RAW_UNREADABLE_TYPE | piccolo: select_raw..: the value type is not one piccolo reads
// piccolo-expect: ORDER_BY_RAW_TOO_MANY_ARGUMENTS | piccolo: order_by_raw..: the number of .. placeholders differs from the number of arguments
// piccolo-expect: WHEN_NOT_OPTIONAL | piccolo: when..: the first argument must be a std::optional
// piccolo-expect: WHEN_NOT_CONDITION | piccolo: when..: the function must return a condition
// piccolo-expect: WHEN_UNREACHABLE_TABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: ORDER_BY_ONE_OF_CONDITION | piccolo: order_by_one_of..: takes columns
// piccolo-expect: ORDER_BY_ONE_OF_TWICE | piccolo: order_by..: the query has an order_by_one_of.. already

#include <optional>
#include <string>

#include "../schema.hpp"

using namespace music;

struct not_a_value {};

void fragments() {
  (void)pc::select(c<&Band::name>).where(pc::where_raw<"lower(name) = {}">("x"));
  (void)pc::select(c<&Band::name>, pc::select_raw<"length(name)", int>());
  (void)pc::select(c<&Band::name>).order_by(pc::order_by_raw<"random()">());
#ifdef WHERE_RAW_TOO_FEW_ARGUMENTS
  (void)pc::select(c<&Band::name>).where(pc::where_raw<"name = {} OR name = {}">("x"));
#endif
#ifdef WHERE_RAW_UNBALANCED_BRACE
  (void)pc::select(c<&Band::name>).where(pc::where_raw<"name = '{'">());
#endif
#ifdef WHERE_RAW_UNBINDABLE_ARGUMENT
  (void)pc::select(c<&Band::name>).where(pc::where_raw<"name = {}">(not_a_value{}));
#endif
#ifdef SELECT_RAW_TOO_MANY_ARGUMENTS
  (void)pc::select(c<&Band::name>, pc::select_raw<"length(name)", int>(1));
#endif
#ifdef SELECT_RAW_UNREADABLE_TYPE
  (void)pc::select(c<&Band::name>, pc::select_raw<"length(name)", not_a_value>());
#endif
#ifdef ORDER_BY_RAW_TOO_MANY_ARGUMENTS
  (void)pc::select(c<&Band::name>).order_by(pc::order_by_raw<"random()">(1));
#endif
}

void optional_filters() {
  std::optional<int> popularity;
  (void)pc::select(c<&Band::name>).where(pc::when(popularity, [](auto v) { return c<&Band::popularity> >= v; }));
#ifdef WHEN_NOT_OPTIONAL
  (void)pc::select(c<&Band::name>).where(pc::when(3, [](auto v) { return c<&Band::popularity> >= v; }));
#endif
#ifdef WHEN_NOT_CONDITION
  (void)pc::select(c<&Band::name>).where(pc::when(popularity, [](auto v) { return c<&Band::popularity> + v; }));
#endif
#ifdef WHEN_UNREACHABLE_TABLE
  (void)pc::select(c<&Band::name>).where(pc::when(popularity, [](auto v) { return c<&Manager::id> == v; }));
#endif
#ifdef ORDER_BY_ONE_OF_CONDITION
  (void)pc::select(c<&Band::name>).order_by(pc::order_by_one_of(0, c<&Band::name>, c<&Band::popularity> > 1));
#endif
#ifdef ORDER_BY_ONE_OF_TWICE
  (void)pc::select(c<&Band::name>)
      .order_by(pc::order_by_one_of(0, c<&Band::name>))
      .order_by(pc::order_by_one_of(0, c<&Band::popularity>));
#endif
}
