#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "jianguan/jianguan.h"

namespace jianguan::cli {

namespace {
std::atomic<bool> g_cancel{false};
volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_signal(int sig) {
  g_signal = sig;
  g_cancel.store(true);
}
}  // namespace

std::string bundled_sample() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("sample.db") : (exe.parent_path() / "sample.db").string();
}

std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool valid_as_of(const std::string& as_of) {
  if (as_of.empty() || is_date(as_of)) return true;
  std::cerr << "jianguan: as-of date `" << as_of << "` is not a real date (YYYY-MM-DD)\n";
  return false;
}

// Compiles the ruleset, printing diagnostics on failure; null means exit 2.
std::shared_ptr<const Ruleset> load_ruleset(const std::vector<std::string>& paths,
                                            const Common& common) {
  Compiled c = compile(paths);
  if (!c.ruleset) {
    std::cerr << c.render_diagnostics("text", common.zh());
    std::cerr << (common.zh() ? "jianguan: 规则有错误，未执行检查\n"
                              : "jianguan: the rules have errors; nothing was checked\n");
    return nullptr;
  }
  return c.ruleset;
}

Action add_check(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> ruleset;
    std::string data;
    std::string data_format;
    std::string as_of;
    std::string format = "text";
    std::string out;
    int threads = 1;
    std::string fail_on = "error";
    std::string previous;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("check", "Check every record of a data source against the rules");
  cmd->add_option("ruleset", o->ruleset, "Rule files or folders")->required();
  cmd->add_option("--data", o->data, "SQLite database, CSV or JSON Lines file or folder")
      ->capture_default_str();
  cmd->add_option("--data-format", o->data_format, "Force the data format")
      ->check(CLI::IsMember({"sqlite", "csv", "jsonl"}));
  cmd->add_option("--as-of", o->as_of,
                  "The date the rules are evaluated on (YYYY-MM-DD; default today)");
  cmd->add_option("--format", o->format, "Report format")
      ->check(CLI::IsMember({"text", "json", "csv", "sarif", "sqlite", "html"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Write the report to this file (required for sqlite)");
  cmd->add_option(
      "--previous", o->previous,
      "An earlier run's --format sqlite output: mark findings new, still open or resolved");
  cmd->add_option("--threads", o->threads,
                  "Threads: above 1, SQLite tables are read on threads of their own and N-1 "
                  "evaluate")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--fail-on", o->fail_on, "Exit 1 when there are findings of this severity")
      ->check(CLI::IsMember({"error", "warning", "never"}))
      ->capture_default_str();
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    auto rs = load_ruleset(o->ruleset, common);
    if (!rs) return kBadInput;
    CheckRequest req;
    req.data = o->data.empty() ? bundled_sample() : o->data;
    req.data_format = o->data_format;
    req.as_of = o->as_of.empty() ? today() : o->as_of;
    req.threads = o->threads;
    req.format = o->format;
    req.out = o->out;
    req.zh = common.zh();
    req.cancel = &g_cancel;
    req.previous = o->previous;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    CheckOutcome r = check(*rs, req);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (g_signal) {
      std::cerr << "jianguan: interrupted; no report was written\n";
      return 128 + g_signal;
    }
    if (!r.ok) {
      std::cerr << "jianguan: " << r.error << "\n";
      return kBadInput;
    }
    if (!o->out.empty())
      std::cerr << "jianguan: " << r.records_read << " records read, " << r.checked << " checked, "
                << r.rejected << " rejected, " << r.findings << " findings -> " << o->out << "\n";
    if (o->fail_on == "never") return kClean;
    bool fail = o->fail_on == "warning" ? r.errors + r.warnings > 0 : r.errors > 0;
    return fail ? kFindings : kClean;
  };
}

Action add_test(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string out;
    std::string as_of;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "test", "Run the test blocks in rule files (exit 0 all pass, 1 any fails, 2 bad input)");
  cmd->add_option("paths", o->paths, "Rule files or folders")->required();
  cmd->add_option("--format", o->format, "Output format: text or junit")
      ->check(CLI::IsMember({"text", "junit"}));
  cmd->add_option("--out", o->out, "Write the report to this file");
  cmd->add_option("--as-of", o->as_of,
                  "The date of test blocks that set no as_of / 基准日 (YYYY-MM-DD; default "
                  "2000-01-01)");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    if (!valid_as_of(o->as_of)) return kBadInput;
    auto rs = load_ruleset(o->paths, common);
    if (!rs) return kBadInput;
    TestOutcome t = run_tests(*rs, o->format, common.zh(), o->as_of);
    if (!t.error.empty()) {
      std::cerr << "jianguan: " << t.error << "\n";
      return kBadInput;
    }
    std::string err;
    if (!write_output(o->out, t.report, err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    return t.failed > 0 ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli

namespace jianguan::cli {

Action add_matrix(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> ruleset;
    std::string format = "text";
    std::string out;
    std::string data;
    std::string as_of;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "matrix", "Print the responsibility matrix: kinds by departments, with gaps and overlaps");
  cmd->add_option("ruleset", o->ruleset, "Rule files or folders")->required();
  cmd->add_option("--format", o->format, "Output format: text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->add_option("--out", o->out, "Write to this file");
  cmd->add_option("--data", o->data,
                  "A data source: count its entities in every gap or overlap, with examples");
  cmd->add_option("--as-of", o->as_of,
                  "Only the items and departments in force on this date (YYYY-MM-DD; default: "
                  "all of them)");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    auto rs = load_ruleset(o->ruleset, common);
    if (!rs) return kBadInput;
    std::string err;
    std::string text = render_matrix(*rs, o->format, common.zh(), o->data, &err, o->as_of);
    if (!err.empty()) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    if (!write_output(o->out, text, err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    return kClean;
  };
}

}  // namespace jianguan::cli
