// Which fields of each table a check reads: the rules, credit models and
// measures (through their expressions and aggregates), the analyses of
// repeated inspections and penalties, and what every result names (key,
// kind, division). A source still reads and checks every declared field, so
// that a bad cell rejects its record whether or not a rule reads it; the
// fields no one reads need not be carried from the sort to the evaluator.
#pragma once

#include <cstdint>
#include <vector>

#include "lower/program.h"

namespace jianguan::rt {

struct FieldsRead {
  // By table (index into Program::tables), then field slot: 1 when read.
  std::vector<std::vector<char>> by_table;

  bool reads(int32_t table, int32_t field) const {
    return by_table[static_cast<size_t>(table)][static_cast<size_t>(field)] != 0;
  }
};

// What Evaluator::evaluate reads of a record of `p` (with the link fields,
// which cost nothing to keep).
FieldsRead fields_read(const ir::Program& p);

}  // namespace jianguan::rt
