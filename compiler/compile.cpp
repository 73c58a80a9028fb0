#include "compile.h"

#include "analysis/analysis.h"
#include "sema/loader.h"
#include "sema/passes.h"

namespace jianguan {

namespace {
// Everything after loading: the same for files on disk and text in memory.
void check(Compilation* c);
}  // namespace

std::unique_ptr<Compilation> compile(const std::vector<std::string>& paths,
                                     const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  c->as_of = options.as_of;
  sema::load(paths, *c, options);
  check(c.get());
  return c;
}

std::unique_ptr<Compilation> compile_text(const std::string& name, std::string text,
                                          const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  c->as_of = options.as_of;
  int next_expr_id = 1;
  FileId id = c->sources.add(name, std::move(text));
  c->files.push_back(parse_file(c->sources, id, c->diags, next_expr_id, options.limits));
  check(c.get());
  return c;
}

namespace {
void check(Compilation* c) {
  sema::resolve(*c);
  sema::typecheck(*c);
  // Analysis reads a consistent model: only when nothing above failed.
  if (!c->diags.has_errors()) {
    analysis::responsibility(*c);
    analysis::credit(*c);
    analysis::dates(*c);
    analysis::versions(*c);
  }
  c->diags.sort();
}
}  // namespace

}  // namespace jianguan
