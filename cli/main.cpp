// The `jianguan` command: parses flags, runs one subcommand, returns its
// exit code (0 clean, 1 findings, 2 bad input or usage).
#include <iostream>

#include <unistd.h>
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace jianguan::cli;
  CLI::App app{
      "jianguan — rules and compliance checks for cross-department supervision (跨部门综合监管)"};
  app.require_subcommand(1);
  // `--lang` is accepted after the subcommand too: `jianguan lint x.jg --lang zh`.
  app.fallthrough();
  app.set_version_flag("--version", std::string("jianguan ") + JIANGUAN_VERSION);
  Common common;
  app.add_option("--lang", common.lang, "Language of messages: zh or en (default: from the locale)")
      ->check(CLI::IsMember({"zh", "en"}));
  std::vector<Action> actions;
  actions.push_back(add_lint(app, common));
  actions.push_back(add_check(app, common));
  actions.push_back(add_test(app, common));
  actions.push_back(add_sample(app, common));
  actions.push_back(add_matrix(app, common));
  actions.push_back(add_plan(app, common));
  actions.push_back(add_restrictions(app, common));
  actions.push_back(add_fmt(app, common));
  actions.push_back(add_diff(app, common));
  auto* help = app.add_subcommand("help", "Show help for a subcommand");
  std::string topic;
  help->add_option("command", topic, "The subcommand");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kClean : kBadInput;
  }
  if (help->parsed()) {
    if (topic.empty()) {
      std::cout << app.help();
      return kClean;
    }
    try {
      std::cout << app.get_subcommand(topic)->help();
      return kClean;
    } catch (const CLI::OptionNotFound&) {
      std::cerr << "jianguan: no command `" << topic << "`\n";
      return kBadInput;
    }
  }
  for (auto& a : actions) {
    int rc = a();
    if (rc >= 0) return rc;
  }
  return kBadInput;
}
