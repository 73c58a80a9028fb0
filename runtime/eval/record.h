// One entity and its events, as the evaluator reads them. Records are reused
// from entity to entity, so that steady-state reading and evaluation do not
// allocate.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lower/program.h"

namespace jianguan::rt {

// A row as a source reads it, before it joins a record: values by field
// slot, with the text they point into.
struct Row {
  std::vector<ir::Value> values;  // by field slot
  std::vector<std::string> text;  // storage behind kText values, by slot
  int64_t source_row = 0;         // 1-based row or line in the source

  void resize(size_t n) {
    values.resize(n);
    text.resize(n);
  }
  void set_text(size_t slot, std::string_view s) {
    text[slot].assign(s);
    values[slot] = ir::Value::text(text[slot]);
  }
};

// The rows of one table in a record: `count` rows, `stride` values apart.
struct Rows {
  const ir::Value* data = nullptr;
  size_t count = 0, stride = 0;
  const ir::Value* operator[](size_t i) const { return data + i * stride; }
  size_t size() const { return count; }
};

// A record keeps everything in one buffer: values from the front (the
// entity's fields, then each event table's rows, each row followed by its
// source row), text from the back. The evaluator reads a record as one run
// of memory: one page, a few cache lines, no pointer to chase. Records laid
// out as a tree of small buffers (a vector per row, a string per cell)
// touched a page per buffer, and in a batch of thousands of records the
// page-table walks, not the rules, took the time.
//
// When the buffer is full a larger one takes over; the old one is kept
// until the next reset, because text values may point into it.
class Record {
 public:
  Record() = default;
  Record(const Record& o) { *this = o; }
  Record& operator=(const Record& o);
  Record(Record&&) = default;
  Record& operator=(Record&&) = default;

  // Empties the record for the next entity: the entity's values all
  // missing, no event rows.
  void reset(const ir::Program& p);

  // The entity's values by field slot, and its 1-based source row.
  const ir::Value* entity() const { return buf_.get(); }
  int64_t entity_row() const { return entity_row_; }
  // Copies `row`'s values, text and source row as the entity's.
  void set_entity(const Row& row);
  // The same from the entity table's values, one per field.
  void set_entity(const ir::Value* values, int64_t source_row);

  // The rows of event table `table`, and the source row of row `i`.
  Rows rows(int32_t table) const {
    const Range& r = range(table);
    return {buf_.get() + r.begin, r.count, r.stride};
  }
  int64_t source_row(int32_t table, size_t i) const {
    const Range& r = range(table);
    return buf_[r.begin + i * r.stride + r.stride - 1].i;
  }
  size_t event_rows() const { return event_rows_; }
  // Copies `row` as the next row of event table `table`. Rows are best
  // added table by table; a row for a table left earlier is moved into place.
  void append(int32_t table, const Row& row);
  // The same from `table`'s values, one per field.
  void append(int32_t table, const ir::Value* values, int64_t source_row);

  // For prefetching: the buffer, its values and its text.
  const char* buffer() const { return reinterpret_cast<const char*>(buf_.get()); }
  size_t value_bytes() const { return used_ * sizeof(ir::Value); }
  size_t buffer_bytes() const { return cap_ * sizeof(ir::Value); }
  size_t text_bytes() const { return text_; }

 private:
  struct Range {
    uint32_t begin = 0;  // first value
    uint32_t count = 0;  // rows
    uint32_t stride = 0;
  };
  static constexpr size_t kInlineTables = 8;
  const Range& range(int32_t t) const {
    return ntables_ <= kInlineTables ? inline_[t] : more_[static_cast<size_t>(t)];
  }
  Range& range(int32_t t) {
    return ntables_ <= kInlineTables ? inline_[t] : more_[static_cast<size_t>(t)];
  }
  // Makes room for `values` more values and `text` more bytes of text.
  void reserve(size_t values, size_t text);
  void copy_values(size_t at, size_t width, const ir::Value* from, size_t n);
  void set_entity(const ir::Value* values, size_t n, int64_t source_row);
  void append(int32_t table, const ir::Value* values, size_t n, int64_t source_row);
  std::string_view store(std::string_view s);

  std::unique_ptr<ir::Value[]> buf_;
  size_t cap_ = 0;   // in values
  size_t used_ = 0;  // values in use, from the front
  size_t text_ = 0;  // bytes of text in use, from the back
  std::vector<std::unique_ptr<ir::Value[]>> retired_;
  Range inline_[kInlineTables];
  std::vector<Range> more_;  // when a program has more tables
  size_t ntables_ = 0;
  int32_t entity_ = 0;
  int64_t entity_row_ = 0;
  size_t event_rows_ = 0;
};

// A loop over many records prefetches, three records ahead, the start of a
// record's buffer (its address is in the record, read then), and two ahead
// the rest of its values and its text.
inline void prefetch(const Record& r, int level) {
  const char* p = r.buffer();
  if (!p) return;
  if (level == 0) {
    __builtin_prefetch(p);
    return;
  }
  for (size_t off = 64; off < r.value_bytes(); off += 64) __builtin_prefetch(p + off);
  const char* end = p + r.buffer_bytes();
  for (const char* t = end - r.text_bytes(); t < end; t += 64) __builtin_prefetch(t);
}

// Prefetches for record `i` of `n` (at `at(j)`) the buffers it will need:
// call before evaluating record i.
template <typename At>
void prefetch_ahead(size_t i, size_t n, const At& at) {
  for (int level = 0; level < 2; ++level) {
    size_t ahead = i + 3 - static_cast<size_t>(level);
    if (ahead < n) prefetch(at(ahead), level);
  }
}

}  // namespace jianguan::rt
