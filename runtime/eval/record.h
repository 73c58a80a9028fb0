// One entity and its events, as the evaluator reads them. Rows are reused
// from record to record so that steady-state evaluation does not allocate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lower/program.h"

namespace jianguan::rt {

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

// Rows of one event table for the current entity; `size` counts the rows in
// use. A few rows are kept for the next entity so that the usual record
// allocates nothing; more are freed, or every record slot of a batch would
// keep as many rows as the busiest entity it ever held, and memory would
// grow with the number of records read.
struct RowList {
  static constexpr size_t kKeep = 4;
  std::vector<Row> rows;
  size_t size = 0;
  Row& push(size_t fields) {
    if (size == rows.size()) rows.emplace_back();
    Row& r = rows[size++];
    r.resize(fields);
    return r;
  }
  void clear() {
    size = 0;
    if (rows.size() > kKeep) rows.resize(kKeep);
  }
};

struct Record {
  Row entity;
  std::vector<RowList> events;  // by table index (entity table's slot unused)
  void reset(const ir::Program& p) {
    entity.resize(p.tables[static_cast<size_t>(p.entity)].fields.size());
    events.resize(p.tables.size());
    for (auto& e : events) e.clear();
  }
};

// Records far apart in memory cost a dependent cache miss per buffer. A loop
// over many records prefetches one level of buffers per record ahead:
// level 0 the record's own buffers, 1 the event row arrays, 2 the event
// rows' values, each level's addresses read from the one fetched before.
inline void prefetch(const Record& r, int level) {
  if (level == 0) {
    __builtin_prefetch(r.entity.values.data());
    __builtin_prefetch(r.events.data());
    return;
  }
  for (const RowList& list : r.events) {
    if (list.size == 0) continue;
    if (level == 1)
      __builtin_prefetch(list.rows.data());
    else
      for (size_t i = 0; i < list.size; ++i) __builtin_prefetch(list.rows[i].values.data());
  }
}

// Prefetches for record `i` of `n` (at `at(j)`) the buffers it will need:
// call before evaluating record i.
template <typename At>
void prefetch_ahead(size_t i, size_t n, const At& at) {
  for (int level = 0; level < 3; ++level) {
    size_t ahead = i + 3 - static_cast<size_t>(level);
    if (ahead < n) prefetch(at(ahead), level);
  }
}

}  // namespace jianguan::rt
