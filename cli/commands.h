// Each subcommand registers itself on the CLI11 app and returns the action
// to run when it is chosen. The commands only wire compiler and runtime.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "options.h"

namespace jianguan::cli {

using Action = std::function<int()>;

Action add_lint(CLI::App& app, const Common& common);

}  // namespace jianguan::cli
