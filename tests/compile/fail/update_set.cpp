// set() assignments that cannot be right: a value of another kind, NULL into a
// NOT NULL column, a column of another table.

// piccolo-expect: SET_TEXT_TO_INT | piccolo: set..: the value's type does not match the column's type
// piccolo-expect: SET_INT_TO_TEXT | piccolo: set..: the value's type does not match the column's type
// piccolo-expect: SET_EXPRESSION_OF_OTHER_KIND | piccolo: set..: the value's type does not match the column's type
// piccolo-expect: SET_NULL_TO_NOT_NULL_COLUMN | piccolo: set..: assigning NULL to a column that is not std::optional
// piccolo-expect: SET_COLUMN_OF_OTHER_TABLE | piccolo: set..: assign columns of the updated table
// piccolo-expect: SET_COLUMN_THROUGH_PATH | piccolo: set..: assign columns of the updated table
// piccolo-expect: SET_VALUE_FROM_OTHER_TABLE | piccolo: set..: a value refers to a column of another table

#include <optional>
#include <string>

#include "../schema.hpp"

using namespace music;

void assignments() {
  auto ok = pc::update<Band>()
                .set(c<&Band::name> = "x", c<&Band::popularity> = c<&Band::popularity> + 1,
                     c<&Band::website> = std::nullopt, c<&Band::manager> = 2)
                .where(c<&Band::id> == 1);
  (void)ok;
#ifdef SET_TEXT_TO_INT
  (void)pc::update<Band>().set(c<&Band::popularity> = "many");
#endif
#ifdef SET_INT_TO_TEXT
  (void)pc::update<Band>().set(c<&Band::name> = 42);
#endif
#ifdef SET_EXPRESSION_OF_OTHER_KIND
  (void)pc::update<Band>().set(c<&Band::name> = c<&Band::popularity> * 2);
#endif
#ifdef SET_NULL_TO_NOT_NULL_COLUMN
  (void)pc::update<Band>().set(c<&Band::name> = std::nullopt);
#endif
#ifdef SET_COLUMN_OF_OTHER_TABLE
  (void)pc::update<Band>().set(c<&Manager::name> = "x");
#endif
#ifdef SET_COLUMN_THROUGH_PATH
  (void)pc::update<Band>().set(c<&Band::manager, &Manager::name> = "x");
#endif
#ifdef SET_VALUE_FROM_OTHER_TABLE
  (void)pc::update<Band>().set(c<&Band::name> = c<&Manager::name>);
#endif
}
