#pragma once
// The prepared statements of one PostgreSQL connection, by statement-cache slot (one
// per query type): whether the server has it, under which name, with which parameter
// types. Bookkeeping only; the execution algorithm (execution.hpp) decides.

#include <cstddef>
#include <cstring>
#include <vector>

#include <libpq-fe.h>

namespace piccolo::postgres::detail {

// A statement is prepared only once the server confirmed it: a failed PREPARE (the
// table did not exist yet) is sent again next time. `pending`: sent in the pipeline,
// not answered yet (later operations of the same type rely on it, in order).
enum class prepared_status : unsigned char { none, pending, ready };

class statement_cache {
 public:
  bool needs_prepare(std::size_t slot) const noexcept {
    return slot >= slots_.size() || slots_[slot].status == prepared_status::none;
  }
  void mark(std::size_t slot, prepared_status status) { at(slot).status = status; }
  unsigned generation(std::size_t slot) const noexcept { return slot < slots_.size() ? slots_[slot].generation : 0; }

  // The server's copy went stale (the table changed, or the server forgot it): the next
  // use prepares it again, under a new name (the old one may still exist).
  void mark_stale(std::size_t slot) {
    slot_state& s = at(slot);
    s.status = prepared_status::none;
    ++s.generation;
  }

  // The parameter types to prepare with: `encoded` (those of this run, filled only while
  // the statement is not prepared) on the first preparation, the same ones ever after.
  const Oid* parameter_types(std::size_t slot, const std::vector<Oid>& encoded, int count) {
    slot_state& s = at(slot);
    if (s.types.size() != static_cast<std::size_t>(count))
      s.types.assign(encoded.begin(), encoded.begin() + count);
    return s.types.data();
  }

  // piccolo_<slot>, or piccolo_<slot>_<generation> once prepared anew. out: 40 bytes.
  void name(std::size_t slot, char* out) const noexcept {
    const char prefix[] = "piccolo_";
    std::memcpy(out, prefix, sizeof prefix - 1);
    char* p = append_number(out + sizeof prefix - 1, slot);
    unsigned generation = slot < slots_.size() ? slots_[slot].generation : 0;
    if (generation) {
      *p++ = '_';
      p = append_number(p, generation);
    }
    *p = '\0';
  }

  std::size_t ready_count() const noexcept {
    std::size_t n = 0;
    for (const auto& s : slots_) n += s.status == prepared_status::ready;
    return n;
  }
  // A new connection knows none of them.
  void clear() noexcept { slots_.clear(); }

 private:
  struct slot_state {
    prepared_status status = prepared_status::none;
    unsigned generation = 0;
    std::vector<Oid> types;
  };
  slot_state& at(std::size_t slot) {
    if (slot >= slots_.size()) slots_.resize(slot + 1);
    return slots_[slot];
  }
  static char* append_number(char* p, std::size_t n) noexcept {
    char digits[24];
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n);
    while (count) *p++ = digits[--count];
    return p;
  }

  std::vector<slot_state> slots_;
};

}  // namespace piccolo::postgres::detail
