// Value types refuse at compile time what they cannot hold exactly: a timestamptz
// stores microseconds, so a finer time point (nanoseconds) must be rounded by the caller,
// also when it is compared with a TIMESTAMPTZ column (the value binds as the column's type).

// piccolo-expect: TIMESTAMPTZ_FROM_NANOSECONDS | piccolo: timestamptz: the time point is finer than microseconds
// piccolo-expect: TIMESTAMPTZ_COMPARED_WITH_NANOSECONDS | piccolo: timestamptz: the time point is finer than microseconds

#include <chrono>
#include <string>

#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Event {
  pc::serial id;
  pc::timestamptz at;
};

void build() {
  pc::timestamptz fine{std::chrono::sys_time<std::chrono::microseconds>{}};
  pc::timestamptz coarse{std::chrono::sys_seconds{}};
  (void)fine;
  (void)coarse;
  (void)pc::count<Event>().where(c<&Event::at> == std::chrono::sys_seconds{});
#ifdef TIMESTAMPTZ_FROM_NANOSECONDS
  pc::timestamptz too_fine{std::chrono::sys_time<std::chrono::nanoseconds>{}};
  (void)too_fine;
#endif
#ifdef TIMESTAMPTZ_COMPARED_WITH_NANOSECONDS
  (void)pc::count<Event>().where(c<&Event::at> == std::chrono::sys_time<std::chrono::nanoseconds>{});
#endif
}

}  // namespace broken
