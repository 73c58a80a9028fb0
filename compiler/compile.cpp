#include "compile.h"

#include "analysis/analysis.h"
#include "sema/loader.h"
#include "sema/passes.h"

namespace jianguan {

std::unique_ptr<Compilation> compile(const std::vector<std::string>& paths,
                                     const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  sema::load(paths, *c, options);
  sema::resolve(*c);
  sema::typecheck(*c);
  // Analysis reads a consistent model: only when nothing above failed.
  if (!c->diags.has_errors()) {
    analysis::responsibility(*c);
    analysis::credit(*c);
    analysis::dates(*c);
  }
  c->diags.sort();
  return c;
}

}  // namespace jianguan
