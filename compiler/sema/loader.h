// Loading a ruleset: the files and folders named, and the files they import,
// parsed once each. Imports may not leave the ruleset's root folder, and
// import cycles are reported.
#pragma once

#include "compile.h"

namespace jianguan::sema {

void load(const std::vector<std::string>& paths, Compilation& c, const CompileOptions& options);

}  // namespace jianguan::sema
