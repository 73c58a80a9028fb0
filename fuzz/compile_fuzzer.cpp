// libFuzzer target for the compiler: rule text in, diagnostics out.
// Each input is compiled as one rule file held in memory (parse, resolve,
// typecheck, analysis), its diagnostics are rendered in every format and
// language, and a ruleset without errors is lowered and its `测试` blocks are
// run, so the evaluator sees fuzzed rules too. Any crash, sanitizer report,
// or stack overflow is a bug: bad rule text must only ever give diagnostics.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/ruleset_impl.h"
#include "compile.h"
#include "diag/render.h"
#include "jianguan/jianguan.h"
#include "lower/lower.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::shared_ptr<jianguan::Compilation> c = jianguan::compile_text("fuzz.jg", std::move(text));
  jianguan::RenderOptions o;
  o.zh = size % 2 == 1;
  (void)jianguan::render_text(c->diags, c->sources, o);
  (void)jianguan::render_json(c->diags, c->sources, o);
  (void)jianguan::render_sarif(c->diags, c->sources, o, "fuzz");
  if (c->diags.has_errors()) return 0;
  auto r = std::make_shared<jianguan::Ruleset>();
  r->compilation = c;
  r->program = jianguan::lower(*c);
  (void)jianguan::run_tests(*r, size % 3 == 0 ? "junit" : "text", o.zh);
  return 0;
}
