#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "jianguan/jianguan.h"

namespace jianguan::cli {

Action add_lint(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string out;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "lint",
      "Check rule files and report every problem found (exit 0 clean, 1 errors, 2 unreadable)");
  cmd->add_option("paths", o->paths, "Rule files or folders")->required();
  cmd->add_option("--format", o->format, "Output format: text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--out", o->out, "Write the report to this file instead of standard output");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    Compiled c = compile(o->paths);
    bool color = o->format == "text" && o->out.empty() && ::isatty(1);
    std::string err;
    if (!write_output(o->out, c.render_diagnostics(o->format, common.zh(), color), err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    if (c.unreadable) return kBadInput;
    return c.errors > 0 ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli
