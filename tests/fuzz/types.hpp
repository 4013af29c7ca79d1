#pragma once
// The C++ column types the decoding targets read every value into: each integer width,
// bool, float, double, text, varchar, bytes, time points of several precisions,
// timestamptz, dates, a described enum, and optionals of some. A read either gives a
// value or throws pc::error; anything else (another exception, a crash, undefined
// behaviour) is a finding.

#include <piccolo/piccolo.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe/enum.hpp>

namespace piccolo_fuzz {

enum class color { red, green, blue };
BOOST_DESCRIBE_ENUM(color, red, green, blue)

namespace pc = piccolo;

template <class... T>
struct type_list {};

using read_types = type_list<
    std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t, bool, float,
    double, std::string, pc::varchar<5>, std::vector<std::byte>,
    std::chrono::sys_time<std::chrono::microseconds>, std::chrono::sys_seconds,
    std::chrono::sys_time<std::chrono::nanoseconds>, std::chrono::sys_time<std::chrono::milliseconds>,
    std::chrono::sys_days, pc::timestamptz, std::chrono::year_month_day, color, std::optional<std::int32_t>,
    std::optional<std::string>, std::optional<std::chrono::sys_seconds>, std::optional<color>>;

// f.template operator()<T>() for each T of the list.
template <class... T, class F>
void for_each_type(type_list<T...>, F&& f) {
  (f.template operator()<T>(), ...);
}

}  // namespace piccolo_fuzz
