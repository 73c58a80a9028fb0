#include "syntax/format.h"

#include <unordered_map>
#include <vector>

#include "syntax/antlr_includes.h"

namespace jianguan {
namespace {

using gen::JianguanLexer;
using gen::JianguanParser;

// What the parse tree says about a token, beyond its type.
enum Role : uint8_t {
  kClauseStart = 1,  // first token of a declaration or of a clause in a block
  kBlockOpen = 2,    // `{` of a declaration's block
  kBlockClose = 4,   // `}` of a declaration's block
  kCallParen = 8,    // `(` of a call or an aggregate: no space before
  kFreqSlash = 16,   // `/` of a frequency (`2 次/年`): no space around
  kUnaryMinus = 32,  // `-5`: no space after
};

// A token that is not whitespace: code, or a comment from the hidden channel.
struct Piece {
  size_t type = 0;
  std::string text;
  bool comment = false;
  bool line_comment = false;
  int newlines = 0;  // line breaks in the whitespace before it
  uint8_t roles = 0;
};

size_t count_newlines(const std::string& ws) {
  size_t n = 0;
  for (size_t i = 0; i < ws.size(); ++i)
    if (ws[i] == '\n' || (ws[i] == '\r' && (i + 1 == ws.size() || ws[i + 1] != '\n'))) ++n;
  return n;
}

// Line endings become LF and trailing blanks go, inside comments too: both
// are layout. Everything else in a comment is kept byte for byte.
std::string normalize_comment(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  auto trim = [&] {
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      trim();
      out += '\n';
    } else {
      out += c;
    }
  }
  trim();
  return out;
}

std::string strip_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return std::string(text);
}

// Walks the tree without recursion (a long chain of `or` nests deeply) and
// marks the tokens whose layout depends on where they stand.
void mark_roles(antlr4::tree::ParseTree* root, std::unordered_map<size_t, uint8_t>& roles) {
  auto mark = [&](antlr4::tree::TerminalNode* t, uint8_t role) {
    if (t && t->getSymbol()) roles[t->getSymbol()->getTokenIndex()] |= role;
  };
  auto mark_token = [&](antlr4::Token* t, uint8_t role) {
    if (t) roles[t->getTokenIndex()] |= role;
  };
  std::vector<antlr4::tree::ParseTree*> todo{root};
  while (!todo.empty()) {
    antlr4::tree::ParseTree* node = todo.back();
    todo.pop_back();
    auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(node);
    if (!ctx) continue;
    for (auto* child : ctx->children) todo.push_back(child);

    if (dynamic_cast<JianguanParser::DeclContext*>(ctx)) {
      mark_token(ctx->getStart(), kClauseStart);
      // The declaration itself is the only child: its direct `{` and `}`
      // delimit the block, and every rule between them is a clause.
      for (auto* child : ctx->children) {
        auto* d = dynamic_cast<antlr4::ParserRuleContext*>(child);
        if (!d) continue;
        bool inside = false;
        for (auto* part : d->children) {
          if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(part)) {
            size_t type = t->getSymbol()->getType();
            if (type == JianguanLexer::LBRACE) {
              mark(t, kBlockOpen);
              inside = true;
            } else if (type == JianguanLexer::RBRACE) {
              mark(t, kBlockClose);
              inside = false;
            }
          } else if (inside) {
            if (auto* clause = dynamic_cast<antlr4::ParserRuleContext*>(part))
              mark_token(clause->getStart(), kClauseStart);
          }
        }
      }
    } else if (auto* c = dynamic_cast<JianguanParser::CallExprContext*>(ctx)) {
      mark(c->LPAREN(), kCallParen);
    } else if (auto* c = dynamic_cast<JianguanParser::AggExprContext*>(ctx)) {
      mark(c->LPAREN(), kCallParen);
    } else if (auto* c = dynamic_cast<JianguanParser::ItemFrequencyContext*>(ctx)) {
      mark(c->SLASH(), kFreqSlash);
    } else if (auto* c = dynamic_cast<JianguanParser::AttrFrequencyContext*>(ctx)) {
      mark(c->SLASH(), kFreqSlash);
    } else if (auto* c = dynamic_cast<JianguanParser::UnaryExprContext*>(ctx)) {
      if (c->op && c->op->getType() == JianguanLexer::MINUS) mark_token(c->op, kUnaryMinus);
    } else if (auto* c = dynamic_cast<JianguanParser::SignedNumberContext*>(ctx)) {
      mark(c->MINUS(), kUnaryMinus);
    }
  }
}

// Every token but whitespace, with the line breaks before it.
std::vector<Piece> pieces_of(antlr4::CommonTokenStream& tokens,
                             const std::unordered_map<size_t, uint8_t>& roles) {
  std::vector<Piece> out;
  int newlines = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    size_t type = t->getType();
    if (type == antlr4::Token::EOF) break;
    if (type == JianguanLexer::WS) {
      newlines += static_cast<int>(count_newlines(t->getText()));
      continue;
    }
    Piece p;
    p.type = type;
    p.text = t->getText();
    p.comment = type == JianguanLexer::LINE_COMMENT || type == JianguanLexer::BLOCK_COMMENT;
    p.line_comment = type == JianguanLexer::LINE_COMMENT;
    if (p.comment) p.text = normalize_comment(p.text);
    p.newlines = newlines;
    newlines = 0;
    auto it = roles.find(t->getTokenIndex());
    if (it != roles.end()) p.roles = it->second;
    out.push_back(std::move(p));
  }
  return out;
}

bool is(const Piece& p, size_t type) { return !p.comment && p.type == type; }
bool is_text(const Piece& p, const char* text) { return !p.comment && p.text == text; }
bool is_open(const Piece& p) {
  return is(p, JianguanLexer::LBRACE) || is(p, JianguanLexer::LPAREN) ||
         is(p, JianguanLexer::LBRACK);
}
bool is_close(const Piece& p) {
  return is(p, JianguanLexer::RBRACE) || is(p, JianguanLexer::RPAREN) ||
         is(p, JianguanLexer::RBRACK);
}

// Is there a space between `a` and `b` when they share a line?
bool space_between(const Piece& a, const Piece& b) {
  if (b.comment) return true;
  if (is(a, JianguanLexer::LPAREN) || is(a, JianguanLexer::LBRACK)) return false;
  if (is(b, JianguanLexer::RPAREN) || is(b, JianguanLexer::RBRACK)) return false;
  if (is(b, JianguanLexer::SEMI) || is(b, JianguanLexer::COLON) || is(b, JianguanLexer::COMMA))
    return false;
  if (is_text(a, "、")) return false;
  if (is(a, JianguanLexer::DOT) || is(b, JianguanLexer::DOT)) return false;
  if (b.roles & (kCallParen | kFreqSlash)) return false;
  if (!a.comment && (a.roles & (kFreqSlash | kUnaryMinus))) return false;
  if ((a.roles & kBlockOpen) && (b.roles & kBlockClose)) return false;
  if (is(a, JianguanLexer::LBRACE) && is(b, JianguanLexer::RBRACE)) return false;
  return true;
}

// May the author's line break before `b` (after `a`) stay?
bool may_break_between(const Piece& a, const Piece& b) {
  if (b.comment || a.line_comment) return true;
  if (is(b, JianguanLexer::LBRACE) || is(b, JianguanLexer::SEMI) || is(b, JianguanLexer::COLON) ||
      is(b, JianguanLexer::COMMA) || is(b, JianguanLexer::DOT))
    return false;
  if (b.roles & (kCallParen | kFreqSlash)) return false;
  if (a.roles & (kFreqSlash | kUnaryMinus)) return false;
  if (is(a, JianguanLexer::DOT)) return false;
  return true;
}

struct Line {
  int indent = 0;
  std::string code;      // tokens and comments inside the line
  std::string trailing;  // a line comment at its end, aligned with its neighbours
  bool blank_before = false;
};

class Layout {
 public:
  explicit Layout(const std::vector<Piece>& pieces) : pieces_(pieces) {}

  std::string run() {
    for (size_t i = 0; i < pieces_.size(); ++i) {
      if (pieces_[i].comment)
        comment(i);
      else
        token(i);
    }
    return render();
  }

 private:
  const std::vector<Piece>& pieces_;
  std::vector<Line> lines_;
  std::vector<char> open_;  // 'B' a block, '{' other braces, '(' and '['
  const Piece* prev_ = nullptr;
  bool mid_clause_ = false;        // the current clause (or declaration) has begun
  bool line_opens_block_ = false;  // the last line ends with a block's `{`

  bool in_block_level() const { return open_.empty() || open_.back() == 'B'; }

  const Piece* next_code(size_t i) const {
    for (size_t j = i + 1; j < pieces_.size(); ++j)
      if (!pieces_[j].comment) return &pieces_[j];
    return nullptr;
  }

  void new_line(int depth, bool continuation, bool blank) {
    Line l;
    l.indent = 2 * (depth + (continuation ? 1 : 0));
    l.blank_before = blank && !lines_.empty() && !line_opens_block_;
    lines_.push_back(std::move(l));
    line_opens_block_ = false;
  }

  void append(const Piece& p) {
    Line& l = lines_.back();
    if (!l.code.empty() && prev_ && space_between(*prev_, p)) l.code += ' ';
    l.code += p.text;
  }

  void comment(size_t i) {
    const Piece& p = pieces_[i];
    if (prev_ && p.newlines == 0 && !lines_.empty()) {
      // On the line of the code before it.
      if (p.line_comment)
        lines_.back().trailing = p.text;
      else
        append(p);
    } else {
      const Piece* next = next_code(i);
      bool boundary = !next || (next->roles & (kClauseStart | kBlockClose));
      bool continuation = in_block_level() && mid_clause_ && !boundary;
      bool blank = p.newlines >= 2 && in_block_level() && boundary;
      new_line(static_cast<int>(open_.size()), continuation, blank);
      lines_.back().code = p.text;
    }
    prev_ = &p;
  }

  void token(size_t i) {
    const Piece& p = pieces_[i];
    bool newline;
    if (!prev_ || lines_.empty())
      newline = true;
    else if (prev_->line_comment)
      newline = true;
    else if (p.roles & kClauseStart)
      newline = true;
    else if (p.roles & kBlockClose)
      newline = !(prev_->roles & kBlockOpen) || prev_->comment;
    else if (!prev_->comment && (prev_->roles & kBlockOpen))
      newline = true;
    else
      newline = p.newlines > 0 && may_break_between(*prev_, p);

    if (newline) {
      int depth = static_cast<int>(open_.size());
      bool closer = is_close(p);
      if (closer && depth > 0) --depth;
      bool block_level = depth == 0 || open_[static_cast<size_t>(depth - 1)] == 'B';
      bool continuation = !closer && block_level && mid_clause_ && !(p.roles & kClauseStart);
      bool blank = p.newlines >= 2 && (p.roles & kClauseStart) && block_level;
      new_line(depth, continuation, blank);
    }
    append(p);
    prev_ = &p;

    if (is_open(p)) {
      open_.push_back((p.roles & kBlockOpen) ? 'B' : p.text[0]);
    } else if (is_close(p) && !open_.empty()) {
      open_.pop_back();
    }
    mid_clause_ = !(p.roles & kBlockOpen);
    line_opens_block_ = (p.roles & kBlockOpen) != 0;
  }

  std::string render() {
    // Trailing comments of one paragraph (lines at one indentation with no
    // blank line between) line up one column after the longest code.
    std::vector<uint32_t> column(lines_.size(), 0);
    for (size_t a = 0; a < lines_.size();) {
      size_t b = a + 1;
      while (b < lines_.size() && !lines_[b].blank_before && lines_[b].indent == lines_[a].indent &&
             lines_[b].code.find('\n') == std::string::npos)
        ++b;
      uint32_t widest = 0;
      for (size_t k = a; k < b; ++k)
        if (!lines_[k].trailing.empty())
          widest = std::max<uint32_t>(
              widest, static_cast<uint32_t>(lines_[k].indent) + display_width(lines_[k].code));
      for (size_t k = a; k < b; ++k) column[k] = widest + 1;
      a = b;
    }
    std::string out;
    for (size_t k = 0; k < lines_.size(); ++k) {
      const Line& l = lines_[k];
      if (l.blank_before) out += '\n';
      std::string text(static_cast<size_t>(l.indent), ' ');
      text += l.code;
      if (!l.trailing.empty()) {
        uint32_t w = static_cast<uint32_t>(l.indent) + display_width(l.code);
        text.append(column[k] > w ? column[k] - w : 1, ' ');
        text += l.trailing;
      }
      out += text;
      out += '\n';
    }
    return out;
  }
};

// Lexes text into the pieces to compare before and after formatting.
std::vector<Piece> lex_only(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  JianguanLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  return pieces_of(tokens, {});
}

}  // namespace

FormatResult format_source(const SourceSet& sources, FileId file, Diagnostics& diags,
                           const ParseLimits& limits) {
  FormatResult result;
  // The front door decides whether the file is well-formed, with the same
  // diagnostics `lint` gives; a file with syntax errors is not touched.
  Diagnostics syntax;
  int next_expr_id = 1;
  parse_file(sources, file, syntax, next_expr_id, limits);
  if (syntax.has_errors()) {
    diags.append(syntax);
    return result;
  }
  std::string text = strip_bom(sources.file(file).text());
  antlr4::ANTLRInputStream input(text);
  JianguanLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  JianguanParser parser(&tokens);
  parser.removeErrorListeners();
  auto* tree = parser.file_();
  if (parser.getNumberOfSyntaxErrors() > 0) {
    result.internal_error = "the file parsed once but not twice";
    return result;
  }
  std::unordered_map<size_t, uint8_t> roles;
  mark_roles(tree, roles);
  std::vector<Piece> before = pieces_of(tokens, roles);
  std::string out = Layout(before).run();

  // The formatter may move whitespace only: the output must read back as
  // exactly the same tokens and comments.
  std::vector<Piece> after = lex_only(out);
  bool same = before.size() == after.size();
  for (size_t i = 0; same && i < before.size(); ++i)
    same = before[i].type == after[i].type && before[i].text == after[i].text;
  if (!same) {
    result.internal_error = "the formatted text would not read back as the same tokens";
    return result;
  }
  result.text = std::move(out);
  return result;
}

std::string normalize_expression(std::string_view source) {
  std::string text(source);
  antlr4::ANTLRInputStream input(text);
  JianguanLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  JianguanParser parser(&tokens);
  parser.removeErrorListeners();
  auto* tree = parser.expr();
  std::unordered_map<size_t, uint8_t> roles;
  if (parser.getNumberOfSyntaxErrors() == 0) mark_roles(tree, roles);
  std::string out;
  const Piece* prev = nullptr;
  std::vector<Piece> pieces = pieces_of(tokens, roles);
  for (const Piece& p : pieces) {
    if (p.comment) continue;
    if (prev && space_between(*prev, p)) out += ' ';
    out += p.text;
    prev = &p;
  }
  return out;
}

}  // namespace jianguan
