// SQLite value decoding: a value made of fuzz bytes (bound as text, blob, integer,
// real or NULL) is read back through the library (raw<"SELECT {}", T>) into every
// column type of types.hpp. Each read gives a value or throws pc::error; a value that
// comes back as its own type is unchanged.

#include <piccolo/sqlite.hpp>

#include <bit>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "fuzz.hpp"
#include "types.hpp"

namespace pc = piccolo;

namespace {

pc::sqlite::database& db() {
  static pc::sqlite::database instance{":memory:"};
  return instance;
}

template <class Bound>
void read_as_every_type(const Bound& bound) {
  piccolo_fuzz::for_each_type(piccolo_fuzz::read_types{}, [&]<class T>() {
    try {
      auto rows = db().run(pc::raw<"SELECT {}", T>(bound));
      PICCOLO_FUZZ_CHECK(rows.size() == 1, "SELECT of one value gave another number of rows");
      if constexpr (std::is_same_v<T, Bound>) {
        const T& same = bound;  // (dependent on T: checked only where T is Bound)
        if constexpr (std::is_floating_point_v<T>)
          PICCOLO_FUZZ_CHECK(std::bit_cast<std::uint64_t>(rows[0]) == std::bit_cast<std::uint64_t>(same),
                             "a double read back changed");
        else
          PICCOLO_FUZZ_CHECK(rows[0] == same, "a value read back as its own type changed");
      }
    } catch (const pc::error&) {
      // a typed refusal is the expected outcome for most pairs
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piccolo_fuzz::input in{data, size};
  switch (in.byte() % 5) {
    case 0: read_as_every_type(std::string{in.rest()}); break;
    case 1: {
      std::string_view bytes = in.rest();
      std::vector<std::byte> blob(bytes.size());
      if (!bytes.empty()) std::memcpy(blob.data(), bytes.data(), bytes.size());
      read_as_every_type(blob);
      break;
    }
    case 2: read_as_every_type(static_cast<std::int64_t>(in.u64())); break;
    case 3: {
      double v = std::bit_cast<double>(in.u64());
      if (v == v) read_as_every_type(v);  // SQLite binds NaN as NULL
      break;
    }
    default: read_as_every_type(std::optional<std::int64_t>{}); break;
  }
  return 0;
}
