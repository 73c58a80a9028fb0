// The front door of the compiler: rule text in, AST and diagnostics out.
// No ANTLR type appears in this header.
#pragma once

#include <cstddef>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace jianguan {

// Every limit exists so that hostile or broken input gets a diagnostic
// instead of exhausting the stack or memory.
struct ParseLimits {
  // Rule files are hand-written; 4 MiB is far beyond any real item list.
  size_t max_file_bytes = 4u << 20;
  // The generated parser recurses once per nesting level; 128 levels of
  // brackets is far beyond readable rules and far below the stack's limit.
  int max_nesting = 128;
  // Brackets are not the only nesting: `not not not ...` or `a + b + c + ...`
  // nest too, one parser level per operator. The parser, the AST builder,
  // the type checker and the evaluator recurse once per level; past this
  // many the file gets E0151 instead of a stack overflow. 128 brackets take
  // about 2 levels each (261 in all), the bundled rulesets at most 13.
  int max_depth = 400;
  // Names longer than this are almost certainly a missing space or quote.
  size_t max_identifier_bytes = 256;
  size_t max_string_bytes = 64u << 10;
};

// Parses one file of `sources`. Always returns an AST (possibly partial);
// syntax errors are added to `diags`. `next_expr_id` numbers expressions
// uniquely across the files of one compilation.
ast::File parse_file(const SourceSet& sources, FileId file, Diagnostics& diags, int& next_expr_id,
                     const ParseLimits& limits = {});

}  // namespace jianguan
