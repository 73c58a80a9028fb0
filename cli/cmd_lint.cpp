#include <iostream>

#include <unistd.h>

#include "commands.h"
#include "compile.h"
#include "diag/render.h"

namespace jianguan::cli {

Action add_lint(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string out;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("lint", "Check rule files and report every problem found");
  cmd->add_option("paths", o->paths, "Rule files or folders")->required();
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--out", o->out, "Write the report to this file instead of standard output");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    auto c = compile(o->paths);
    RenderOptions ro;
    ro.zh = common.zh();
    ro.color = o->format == "text" && o->out.empty() && ::isatty(1);
    std::string text = o->format == "json" ? render_json(c->diags, c->sources, ro)
                       : o->format == "sarif"
                           ? render_sarif(c->diags, c->sources, ro, JIANGUAN_VERSION)
                           : render_text(c->diags, c->sources, ro);
    std::string err;
    if (!write_output(o->out, text, err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    if (c->unreadable) return kBadInput;
    return c->diags.has_errors() ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli
