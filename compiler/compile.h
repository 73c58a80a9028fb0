// The compiler's public entry: rule files in, a checked model and
// diagnostics out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "sema/model.h"
#include "source/source_file.h"
#include "syntax/parse.h"

namespace jianguan {

struct CompileOptions {
  ParseLimits limits;
  // Imports are refused past this many per ruleset: a ruleset that imports
  // more files than this is almost certainly importing itself in a loop of
  // generated names, and each file costs memory.
  size_t max_files = 2000;
  // `lint --as-of`: the responsibility analysis (W0601-W0613) then looks only
  // at the items, departments and rules in force on this day.
  std::optional<ast::Date> as_of;
};

struct Compilation {
  SourceSet sources;
  std::vector<ast::File> files;
  sema::Model model;
  Diagnostics diags;
  // True when some input could not be read at all (exit code 2 territory).
  bool unreadable = false;
  // CompileOptions::as_of, for the analysis passes.
  std::optional<ast::Date> as_of;
};

// `paths` are files or folders; folders contribute every `.jg` file below
// them. Never throws on bad input: everything is a diagnostic.
std::unique_ptr<Compilation> compile(const std::vector<std::string>& paths,
                                     const CompileOptions& options = {});

// Compiles one rule file held in memory, named `name` in diagnostics. Its
// imports are not followed (there is no folder to resolve them in). For
// fuzzing and for hosts that keep rules in a database.
std::unique_ptr<Compilation> compile_text(const std::string& name, std::string text,
                                          const CompileOptions& options = {});

}  // namespace jianguan
