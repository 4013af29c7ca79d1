#pragma once
// Shared by the libFuzzer targets in this folder (see README.md).
// PICCOLO_FUZZ_CHECK(cond, what): an invariant; on failure, prints it and aborts, which
// libFuzzer reports as a crash and saves the input.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define PICCOLO_FUZZ_CHECK(cond, what)                                                       \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "piccolo fuzz: invariant failed: %s (%s) at %s:%d\n", what, #cond, \
                   __FILE__, __LINE__);                                                    \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)

namespace piccolo_fuzz {

// Reads the fuzz input front to back; past its end, zeros.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const noexcept { return at_ >= size_; }
  std::uint8_t byte() noexcept { return at_ < size_ ? data_[at_++] : 0; }
  std::uint64_t u64() noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
    return v;
  }
  // The next n bytes (fewer at the end).
  std::string_view take(std::size_t n) noexcept {
    if (n > size_ - at_) n = size_ - at_;
    std::string_view s{reinterpret_cast<const char*>(data_ + at_), n};
    at_ += n;
    return s;
  }
  // A length-prefixed piece (one byte of length).
  std::string_view piece() noexcept { return take(byte()); }
  std::string_view rest() noexcept { return take(size_ - at_); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

}  // namespace piccolo_fuzz
