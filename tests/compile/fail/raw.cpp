// raw() text whose {} placeholders do not match the arguments, or whose braces do not
// balance, and arguments piccolo cannot bind.

// piccolo-expect: RAW_TOO_MANY_ARGUMENTS | piccolo: raw..: the number of .. placeholders differs from the number of arguments
// piccolo-expect: RAW_TOO_FEW_ARGUMENTS | piccolo: raw..: the number of .. placeholders differs from the number of arguments
// piccolo-expect: RAW_UNBALANCED_OPENING_BRACE | piccolo: raw..: unbalanced brace in the text
// piccolo-expect: RAW_UNBALANCED_CLOSING_BRACE | piccolo: raw..: unbalanced brace in the text
// piccolo-expect: RAW_UNBINDABLE_ARGUMENT | piccolo: raw..: an argument has a type piccolo cannot bind

#include <string>
#include <tuple>
#include <vector>

#include "../schema.hpp"

void raw_queries() {
  (void)pc::raw<"SELECT name, popularity FROM band WHERE popularity > {} AND name <> {}",
                std::tuple<std::string, int>>(100, std::string{"x"});
  (void)pc::raw<"SELECT '{{}}' FROM band WHERE id = {}", std::string>(1);
#ifdef RAW_TOO_MANY_ARGUMENTS
  (void)pc::raw<"DELETE FROM band WHERE id = {}">(1, 2);
#endif
#ifdef RAW_TOO_FEW_ARGUMENTS
  (void)pc::raw<"DELETE FROM band WHERE id = {} OR id = {}">(1);
#endif
#ifdef RAW_UNBALANCED_OPENING_BRACE
  (void)pc::raw<"SELECT '{' FROM band WHERE id = {}">(1);
#endif
#ifdef RAW_UNBALANCED_CLOSING_BRACE
  (void)pc::raw<"SELECT '}' FROM band">();
#endif
#ifdef RAW_UNBINDABLE_ARGUMENT
  (void)pc::raw<"DELETE FROM band WHERE id = {}">(std::vector<int>{1});
#endif
}
