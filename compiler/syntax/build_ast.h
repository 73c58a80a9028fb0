// Internal to the syntax layer: the typed transformer from ANTLR's parse tree
// to the AST.
#pragma once

#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "syntax/antlr_includes.h"

namespace jianguan::syntax {

// Maps ANTLR's code-point indexes back to byte offsets of the source text.
struct OffsetMap {
  FileId file = -1;
  std::vector<uint32_t> cp_to_byte;  // size = code points + 1
  Span span(size_t cp_begin, size_t cp_end_exclusive) const;
  Span token(const antlr4::Token* t) const;
  Span node(antlr4::ParserRuleContext* ctx) const;
};

ast::File build_ast(gen::JianguanParser::File_Context* tree, const OffsetMap& offsets,
                    const std::string& text, Diagnostics& diags, int& next_expr_id);

}  // namespace jianguan::syntax
