// PostgreSQL binary decoding: a one-row, one-column result whose value is fuzz bytes,
// declared as one of the type OIDs piccolo reads (libpq's PQmakeEmptyPGresult /
// PQsetResultAttrs / PQsetvalue build it; no server needed), read through
// pc::postgres::row into every column type of types.hpp. Each read gives a value or
// throws pc::error; a fixed-width type (integers, floats, bool, date, timestamp) is
// only ever decoded from a value of exactly its width.

#include <piccolo/postgres.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include <libpq-fe.h>

#include "fuzz.hpp"
#include "types.hpp"

namespace pc = piccolo;
namespace bin = piccolo::postgres::detail;

namespace {

constexpr unsigned oids[] = {
    bin::bool_oid,    bin::bytea_oid,   bin::name_oid,    bin::int8_oid,       bin::int2_oid,
    bin::int4_oid,    bin::text_oid,    bin::oid_oid,     bin::json_oid,       bin::float4_oid,
    bin::float8_oid,  bin::unknown_oid, bin::bpchar_oid,  bin::varchar_oid,    bin::date_oid,
    bin::timestamp_oid, bin::timestamptz_oid, bin::int8_array_oid, bin::text_array_oid, 1700 /* numeric */};

// The width of the binary form of a fixed-width type, -1 for the others.
int fixed_width(unsigned oid) {
  switch (oid) {
    case bin::bool_oid: return 1;
    case bin::int2_oid: return 2;
    case bin::int4_oid:
    case bin::oid_oid:
    case bin::float4_oid:
    case bin::date_oid: return 4;
    case bin::int8_oid:
    case bin::float8_oid:
    case bin::timestamp_oid:
    case bin::timestamptz_oid: return 8;
    default: return -1;
  }
}

// PICCOLO_FUZZ_IGNORE_WIDTH=1 skips the width invariant, to look for other findings
// while a width one is open.
const bool ignore_width = [] {
  const char* v = std::getenv("PICCOLO_FUZZ_IGNORE_WIDTH");
  return v && *v == '1';
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piccolo_fuzz::input in{data, size};
  const unsigned oid = oids[in.byte() % std::size(oids)];
  const bool null = in.byte() == 0xFF;
  const std::string value{in.rest()};

  PGresult* result = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  PICCOLO_FUZZ_CHECK(result != nullptr, "PQmakeEmptyPGresult");
  char name[] = "v";
  PGresAttDesc column{};
  column.name = name;
  column.format = 1;  // binary, as piccolo asks for
  column.typid = oid;
  column.typlen = static_cast<int>(fixed_width(oid));
  column.atttypmod = -1;
  PICCOLO_FUZZ_CHECK(PQsetResultAttrs(result, 1, &column), "PQsetResultAttrs");
  PICCOLO_FUZZ_CHECK(PQsetvalue(result, 0, 0, null ? nullptr : const_cast<char*>(value.data()),
                                null ? -1 : static_cast<int>(value.size())),
                     "PQsetvalue");

  pc::postgres::row row{result, 0};
  piccolo_fuzz::for_each_type(piccolo_fuzz::read_types{}, [&]<class T>() {
    try {
      auto v = pc::value_traits<T>::read(row, 0);
      (void)v;
      using plain = typename pc::column_type_info<T>::type;
      if constexpr (!std::is_same_v<plain, std::string> && !std::is_same_v<plain, std::vector<std::byte>> &&
                    !std::is_same_v<plain, piccolo_fuzz::color> && !std::is_same_v<plain, pc::varchar<5>>) {
        if (!null && !ignore_width)
          PICCOLO_FUZZ_CHECK(fixed_width(oid) == static_cast<int>(value.size()),
                             "a fixed-width value was decoded from a value of another length");
      }
    } catch (const pc::error&) {
    }
  });
  PQclear(result);
  return 0;
}
