// pc::cli::main given something that is not the program's schema.

// piccolo-expect: MAIN_WITHOUT_A_SCHEMA | piccolo: cli::main..: the third argument is not a schema
// piccolo-expect: MAIN_WITH_A_TABLE | piccolo: cli::main..: the third argument is not a schema; pass the program's tables as pc::schema<Manager, Band>

#include <piccolo/cli/main.hpp>

#include "../schema.hpp"

namespace broken {
using namespace music;

[[maybe_unused]] int run(int argc, char** argv) {
  int code = pc::cli::main(argc, argv, pc::schema<Manager, Band>{});
#ifdef MAIN_WITHOUT_A_SCHEMA
  code = pc::cli::main(argc, argv, 42);
#endif
#ifdef MAIN_WITH_A_TABLE
  code = pc::cli::main(argc, argv, Band{});
#endif
  return code;
}

}  // namespace broken
