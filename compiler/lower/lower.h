// Lowering: the checked model to the executable program. Before:
//   rule 钢瓶超量 { when 经营类别 == 瓶装燃气  require 钢瓶数 ?? 0 <= 4 }
// after: nodes [Field 7, Const sym 1, Eq, Field 9, Const 0, Default, Const 4, Le],
// rule.when = [2], rule.require = [7]; names are gone.
#pragma once

#include "compile.h"
#include "lower/program.h"

namespace jianguan {

// Requires a compilation without errors.
ir::Program lower(const Compilation& c);

// A stable hash of the ruleset's sources (paths and bytes), as hex.
std::string ruleset_hash(const Compilation& c);

}  // namespace jianguan
