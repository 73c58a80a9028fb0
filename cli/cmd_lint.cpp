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
    std::string baseline;
    std::string fail_on = "error";
    std::string as_of;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "lint",
      "Check rule files and report every problem found (exit 0 clean, 1 errors, 2 unreadable)");
  cmd->add_option("paths", o->paths, "Rule files or folders")->required();
  cmd->add_option("--format", o->format, "Output format: text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--out", o->out, "Write the report to this file instead of standard output");
  cmd->add_option(
      "--baseline", o->baseline,
      "An earlier `lint --format json` output: report and fail only on what is not in it");
  cmd->add_option("--fail-on", o->fail_on, "Exit 1 on errors (default), on warnings too, or never")
      ->check(CLI::IsMember({"error", "warning", "never"}));
  cmd->add_option("--as-of", o->as_of,
                  "Look for gaps and overlaps (W0601-W0613) among the items, departments and rules "
                  "in force on this date (YYYY-MM-DD; default: all of them)");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    if (!valid_as_of(o->as_of)) return kBadInput;
    Compiled c = compile(o->paths, o->as_of);
    if (!o->baseline.empty()) {
      std::string err;
      if (c.apply_baseline(o->baseline, err) < 0) {
        std::cerr << "jianguan: " << err << "\n";
        return kBadInput;
      }
    }
    bool color = o->format == "text" && o->out.empty() && ::isatty(1);
    std::string err;
    if (!write_output(o->out, c.render_diagnostics(o->format, common.zh(), color), err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    if (c.unreadable) return kBadInput;
    if (o->fail_on == "never") return kClean;
    bool fail = c.errors > 0 || (o->fail_on == "warning" && c.warnings > 0);
    return fail ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli
