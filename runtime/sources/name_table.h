// Names (kinds, departments, enumeration values) to their numbers, for the
// converters that look one up per cell: a record's kind and each event's
// department. std::unordered_map hashed every byte of the name and chased a
// node per lookup (65-73 ns a cell at 1M entities); this table hashes the
// name's first and last eight bytes and its length, and probes a flat array.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace jianguan::rt {

class NameTable {
 public:
  // Adds `name` as `id`. A name already present keeps its id, or takes
  // `id` with `replace`.
  void add(std::string_view name, int32_t id, bool replace = false) {
    if (const int32_t at = slot_of(name); at >= 0) {
      if (replace) ids_[static_cast<size_t>(at)] = id;
      return;
    }
    names_.emplace_back(name);
    ids_.push_back(id);
    if (2 * names_.size() > slots_.size())
      rehash();
    else
      place(names_.size() - 1);
  }

  // The id of `name`, or -1.
  int32_t find(std::string_view name) const {
    const int32_t at = slot_of(name);
    return at < 0 ? -1 : ids_[static_cast<size_t>(at)];
  }

 private:
  // Where `name` is in names_, or -1.
  int32_t slot_of(std::string_view name) const {
    if (slots_.empty()) return -1;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask) {
      const int32_t at = slots_[i];
      if (at < 0) return -1;
      const std::string& n = names_[static_cast<size_t>(at)];
      if (n.size() == name.size() && std::memcmp(n.data(), name.data(), n.size()) == 0) return at;
    }
  }
  static uint64_t word(const char* p, size_t n) {
    uint64_t w = 0;
    std::memcpy(&w, p, n < 8 ? n : 8);
    return w;
  }
  static size_t hash(std::string_view s) {
    const size_t n = s.size();
    uint64_t h = word(s.data(), n) * 0x9E3779B97F4A7C15ull;
    h ^= (n > 8 ? word(s.data() + n - 8, 8) : 0) * 0xC2B2AE3D27D4EB4Full;
    h ^= n;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void place(size_t at) {
    const size_t mask = slots_.size() - 1;
    size_t i = hash(names_[at]) & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = static_cast<int32_t>(at);
  }
  void rehash() {
    size_t size = 16;
    while (size < 4 * names_.size()) size *= 2;
    slots_.assign(size, -1);
    for (size_t i = 0; i < names_.size(); ++i) place(i);
  }

  std::vector<std::string> names_;
  std::vector<int32_t> ids_;
  std::vector<int32_t> slots_;  // indexes into names_, -1 empty
};

}  // namespace jianguan::rt
