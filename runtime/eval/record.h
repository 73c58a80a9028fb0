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
// use, the vector keeps its capacity.
struct RowList {
  std::vector<Row> rows;
  size_t size = 0;
  Row& push(size_t fields) {
    if (size == rows.size()) rows.emplace_back();
    Row& r = rows[size++];
    r.resize(fields);
    return r;
  }
  void clear() { size = 0; }
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

}  // namespace jianguan::rt
