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

// The one message for an --as-of / as_of text that is not a real date.
std::string as_of_error(const std::string& text);

// The host-facing view of one entity's result.
Decision decide(const ir::Program& p, const rt::EntityResult& r);

class Ruleset {
 public:
  std::shared_ptr<const Compilation> compilation;
  ir::Program program;
};

}  // namespace jianguan
