// Static analysis of a checked ruleset: what the rules leave without a
// responsible department (监管空白), where responsibilities overlap
// (职责交叉, 多头检查, 重复处罚), whether credit grades cover every score,
// and whether dates agree. Every finding is a warning with witnesses.
// Runs only on a ruleset without errors.
#pragma once

#include "compile.h"

namespace jianguan::analysis {

// With `c.as_of` set (`lint --as-of`), only the items, departments and
// rules in force on that day take part; without it, all of them.
void responsibility(Compilation& c);  // W0601-W0613
void credit(Compilation& c);          // W0631-W0634
void dates(Compilation& c);           // W0605, W0621
void versions(Compilation& c);        // W0622

// The responsibility matrix: for each kind, each department's roles.
struct MatrixCell {
  unsigned lead_levels = 0;    // bit per Level: lead at that level (any action)
  unsigned assist_levels = 0;  // bit per Level: assists at that level
  unsigned actions = 0;        // bit per Action this department takes part in
};
struct Matrix {
  std::vector<int> kinds;                      // rows (kind indexes)
  std::vector<int> departments;                // columns (departments that appear)
  std::vector<std::vector<MatrixCell>> cells;  // [row][column]
  std::vector<char> gap;                       // per row: no lead at some level
  std::vector<char> overlap;                   // per row: two leads for one action and level
};
// With `as_of`, only what is in force on that day, as for responsibility().
Matrix matrix(const sema::Model& m, std::optional<ast::Date> as_of = std::nullopt);

}  // namespace jianguan::analysis
