// The form of a row of the sort (row_sorter.h), in the run buffers, the
// temporary file and the read buffers alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace jianguan::rt::row_form {

// A row: u32 length of what follows, i64 rowid, a flags byte, the key's
// length (one byte, or u32 with kLongKey), the reason's length (u32, only
// with kHasReason), the key, the reason, then the cells. The sort writes
// every row to its temporary file and reads it back, and on this virtual
// machine a page the kernel gives the file is slow to touch the first time
// (free pages go back to the host): with a 20-byte header, u32 text lengths,
// eight bytes a number and the key written twice, the runs of 1M entities
// took 430 MB; in this form 290 MB, and a 1-thread check ran 7-10% faster.
//
// A cell is a tag byte (the value's tag, with the kVariant bit) and its
// payload: none when missing, when a bool (the variant bit is its value) or
// when a text equal to the row's key (variant: a credit code field is the
// key of its row); text with a one-byte length, or u32 with kLongText; four
// bytes for an integer, date, symbol or duration that fits (variant), eight
// otherwise; a decimal as four bytes when it is an int32 exactly (variant),
// else eight.
constexpr size_t kFixedHeader = 13;  // length, rowid, flags
constexpr uint8_t kHasReason = 1, kLongKey = 2;
constexpr uint8_t kTagBits = 0x0F, kVariant = 0x10, kLongText = 0x20;

template <typename T>
inline T load_as(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline uint32_t row_length(const char* row) { return load_as<uint32_t>(row); }
inline int64_t row_id(const char* row) { return load_as<int64_t>(row + 4); }
inline uint8_t row_flags(const char* row) { return static_cast<uint8_t>(row[12]); }

// Where the key's length ends: the reason's length or the key follows.
inline const char* after_key_length(const char* row) {
  return row + kFixedHeader + ((row_flags(row) & kLongKey) ? 4 : 1);
}
inline uint32_t key_length(const char* row) {
  return (row_flags(row) & kLongKey) ? load_as<uint32_t>(row + kFixedHeader)
                                     : static_cast<uint8_t>(row[kFixedHeader]);
}
inline bool row_has_reason(const char* row) { return (row_flags(row) & kHasReason) != 0; }
inline std::string_view row_key(const char* row) {
  const char* p = after_key_length(row) + (row_has_reason(row) ? 4 : 0);
  return {p, key_length(row)};
}
// Why the row (whose key is `key`) could not be converted; empty when it
// was. The cells follow it.
inline std::string_view row_reason(const char* row, std::string_view key) {
  return {key.data() + key.size(),
          row_has_reason(row) ? load_as<uint32_t>(after_key_length(row)) : 0};
}

}  // namespace jianguan::rt::row_form
