// Each subcommand registers itself on the CLI11 app and returns the action
// to run when it is chosen. The commands only wire compiler and runtime.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "jianguan/jianguan.h"
#include "options.h"

namespace jianguan::cli {

using Action = std::function<int()>;

// Compiles a ruleset for a command that needs one; prints the diagnostics
// and returns null when it has errors.
std::shared_ptr<const Ruleset> load_ruleset(const std::vector<std::string>& paths,
                                            const Common& common);
std::string today();
// True when `as_of` is empty or a real date; otherwise prints why.
bool valid_as_of(const std::string& as_of);

Action add_lint(CLI::App& app, const Common& common);
Action add_check(CLI::App& app, const Common& common);
Action add_test(CLI::App& app, const Common& common);
Action add_sample(CLI::App& app, const Common& common);
Action add_matrix(CLI::App& app, const Common& common);
Action add_plan(CLI::App& app, const Common& common);
Action add_restrictions(CLI::App& app, const Common& common);
Action add_fmt(CLI::App& app, const Common& common);
Action add_diff(CLI::App& app, const Common& common);

}  // namespace jianguan::cli
