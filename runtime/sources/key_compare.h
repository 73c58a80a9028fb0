// Keys compared as unsigned bytes, as std::string_view compares them, eight
// bytes at a time and inline. The merge compares the key at the head of
// every table with the entity's, and each row read with the end of its key
// range: through memcmp those calls were 6% of the merge and checking.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace jianguan::rt {

inline uint64_t key_word(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
  return w;
}

// The word of `key`'s eight bytes from `at`, zero-padded past its end: such
// words compare as the bytes do, and a key that ends sooner pads to no more.
inline uint64_t padded_key_word(std::string_view key, size_t at) {
  char bytes[8] = {};
  if (key.size() > at) std::memcpy(bytes, key.data() + at, std::min<size_t>(key.size() - at, 8));
  return key_word(bytes);
}

// Below zero, zero or above zero as `a` sorts before, with or after `b`.
inline int compare_keys(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t x = key_word(a.data() + i), y = key_word(b.data() + i);
    if (x != y) return x < y ? -1 : 1;
  }
  for (; i < n; ++i) {
    const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

inline bool key_less(std::string_view a, std::string_view b) { return compare_keys(a, b) < 0; }

inline bool same_key(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace jianguan::rt
