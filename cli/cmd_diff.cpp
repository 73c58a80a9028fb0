// `jianguan diff OLD NEW`: what a change to the rules changes, for the
// legality review of a merge request. OLD and NEW are rule files or folders,
// or `git:REV:PATH` for PATH as it was in revision REV.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "jianguan/jianguan.h"

extern char** environ;

namespace jianguan::cli {

namespace {

namespace fs = std::filesystem;

// Runs a program without a shell; returns its exit status (-1: not run).
// Standard output goes to `out_path` when given.
int run_program(const std::vector<std::string>& argv, const std::string& out_path = "") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!out_path.empty())
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Temporary folders holding git revisions; removed when the command ends.
struct TempDirs {
  std::vector<fs::path> dirs;
  ~TempDirs() {
    std::error_code ec;
    for (const auto& d : dirs) fs::remove_all(d, ec);
  }
};

// `git:REV:PATH` -> a folder holding PATH as it was in REV (exported with
// `git archive`); any other argument is returned as it is.
bool resolve_side(const std::string& arg, TempDirs& temps, std::string& path, std::string& error) {
  if (arg.rfind("git:", 0) != 0) {
    path = arg;
    return true;
  }
  std::string rest = arg.substr(4);
  size_t colon = rest.find(':');
  if (colon == std::string::npos || colon == 0) {
    error = "`" + arg + "`: write a git revision as git:REV:PATH, e.g. git:main:rulesets";
    return false;
  }
  std::string rev = rest.substr(0, colon), rel = rest.substr(colon + 1);
  if (rel.empty()) rel = ".";
  char tmpl[] = "/tmp/jianguan-diff-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    error = "cannot create a temporary folder";
    return false;
  }
  fs::path dir = tmpl;
  temps.dirs.push_back(dir);
  // Paths in the archive are relative to the top of the work tree; PATH is
  // relative to the current folder, which may be below it.
  fs::path prefix_file = dir / "prefix";
  if (run_program({"git", "rev-parse", "--show-prefix"}, prefix_file.string()) != 0) {
    error = "`" + arg + "`: not inside a git work tree";
    return false;
  }
  std::string prefix;
  {
    std::ifstream in(prefix_file);
    std::getline(in, prefix);
  }
  fs::path tar = dir / "rev.tar", tree = dir / "tree";
  fs::create_directories(tree);
  if (run_program({"git", "archive", "--format=tar", "-o", tar.string(), rev, "--", rel}) != 0) {
    error = "`" + arg + "`: git cannot export `" + rel + "` at revision `" + rev + "`";
    return false;
  }
  if (run_program({"tar", "-xf", tar.string(), "-C", tree.string()}) != 0) {
    error = "`" + arg + "`: cannot unpack the exported revision";
    return false;
  }
  path = (tree / prefix / rel).lexically_normal().string();
  return true;
}

}  // namespace

Action add_diff(CLI::App& app, const Common& common) {
  struct Opts {
    std::string old_side, new_side;
    std::string data, data_format, as_of;
    std::string format = "text";
    std::string out;
    int threads = 1;
    int examples = 5;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "diff",
      "Compare two versions of a ruleset: items, departments, rules, credit and measures; with "
      "--data, the entities whose results change (exit 0 no difference, 1 differences, 2 bad "
      "input)");
  cmd->add_option("old", o->old_side, "The old version: rule file or folder, or git:REV:PATH")
      ->required();
  cmd->add_option("new", o->new_side, "The new version: rule file or folder, or git:REV:PATH")
      ->required();
  cmd->add_option("--data", o->data,
                  "Also check both versions against this SQLite, CSV or JSON Lines data");
  cmd->add_option("--data-format", o->data_format, "Force the data format")
      ->check(CLI::IsMember({"sqlite", "csv", "jsonl"}));
  cmd->add_option("--as-of", o->as_of, "The date both versions are evaluated on (default today)");
  cmd->add_option("--format", o->format, "Output format: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Write the report to this file");
  cmd->add_option("--threads", o->threads, "Evaluation threads")->check(CLI::Range(1, 256));
  cmd->add_option("--examples", o->examples, "Example entity ids per kind of change")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    const bool zh = common.zh();
    TempDirs temps;
    std::string old_path, new_path, err;
    if (!resolve_side(o->old_side, temps, old_path, err) ||
        !resolve_side(o->new_side, temps, new_path, err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    auto load = [&](const std::string& path, const std::string& label) {
      Compiled c = compile({path});
      if (!c.ruleset) {
        std::cerr << c.render_diagnostics("text", zh);
        std::cerr << "jianguan: "
                  << (zh ? "`" + label + "` 的规则有错误，无法对比"
                         : "the rules of `" + label + "` have errors; nothing was compared")
                  << "\n";
      }
      return c.ruleset;
    };
    auto old_rules = load(old_path, o->old_side);
    auto new_rules = load(new_path, o->new_side);
    if (!old_rules || !new_rules) return kBadInput;
    DiffRequest req;
    req.old_label = o->old_side;
    req.new_label = o->new_side;
    req.data = o->data;
    req.data_format = o->data_format;
    req.as_of = o->as_of.empty() ? today() : o->as_of;
    req.threads = o->threads;
    req.format = o->format;
    req.zh = zh;
    req.examples = o->examples;
    DiffOutcome r = diff(*old_rules, *new_rules, req);
    if (!r.ok) {
      std::cerr << "jianguan: " << r.error << "\n";
      return kBadInput;
    }
    if (!write_output(o->out, r.report, err)) {
      std::cerr << "jianguan: " << err << "\n";
      return kBadInput;
    }
    return r.differs ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli
