// The semantic passes, run in this order by compile():
//   resolve    declarations -> Model indexes (names, duplicates, schema)
//   typecheck  every expression -> Model::types / refs, optional handling
#pragma once

#include "compile.h"

namespace jianguan::sema {

void resolve(Compilation& c);
void typecheck(Compilation& c);

// Reports `name` as unknown, with the closest of `candidates` as a hint.
void report_unknown(Diagnostics& diags, const char* code, const ast::Name& name, const Text& what,
                    const std::vector<std::string>& candidates);

}  // namespace jianguan::sema
