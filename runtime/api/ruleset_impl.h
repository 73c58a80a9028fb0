// What a jianguan::Ruleset holds: the compilation (sources, AST, model,
// diagnostics) and the program lowered from it.
#pragma once

#include <memory>

#include "compile.h"
#include "jianguan/jianguan.h"
#include "lower/program.h"

namespace jianguan {

namespace rt {
struct EntityResult;
}

// The host-facing view of one entity's result.
Decision decide(const ir::Program& p, const rt::EntityResult& r);

class Ruleset {
 public:
  std::shared_ptr<const Compilation> compilation;
  ir::Program program;
};

}  // namespace jianguan
