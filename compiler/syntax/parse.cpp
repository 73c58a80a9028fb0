#include "syntax/parse.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "syntax/antlr_includes.h"
#include "syntax/build_ast.h"
#include "syntax/token_text.h"

namespace jianguan {
namespace {

using gen::JianguanLexer;
using gen::JianguanParser;

std::string codepoint_name(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  return buf;
}

// Turns ANTLR's syntax errors into our diagnostics. The first error at a
// position wins; ANTLR's own wording is replaced by one that names tokens in
// both languages.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const syntax::OffsetMap& offsets, Diagnostics& diags,
                const std::vector<Span>& open_braces)
      : offsets_(offsets), diags_(diags), open_braces_(open_braces) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* bad, size_t, size_t,
                   const std::string& msg, std::exception_ptr) override {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    Span span = bad ? offsets_.token(bad) : Span{};
    if (span.begin == last_error_offset_ && diags_.error_count() > 0) return;
    last_error_offset_ = span.begin;
    const auto& vocab = recognizer->getVocabulary();
    std::string expected_en, expected_zh;
    size_t n_expected = 0;
    bool expects_rbrace = false;
    if (parser) {
      auto set = parser->getExpectedTokens();
      n_expected = set.size();
      for (size_t t : set.toList()) {
        if (t == JianguanParser::RBRACE) expects_rbrace = true;
        if (n_expected > 8) continue;
        std::string sym = t == antlr4::Token::EOF ? "EOF" : vocab.getSymbolicName(t);
        if (!expected_en.empty()) expected_en += ", ", expected_zh += "、";
        expected_en += syntax::token_display(sym, false);
        expected_zh += syntax::token_display(sym, true);
      }
    }
    bool at_eof = bad && bad->getType() == antlr4::Token::EOF;
    if (at_eof && (expects_rbrace || msg.find("'}'") != std::string::npos) &&
        !open_braces_.empty()) {
      Span open = open_braces_.back();
      auto& d = diags_.error(
          "E0103", open,
          {"this block is not closed: `}` is missing", "此处的代码块没有结束：缺少 `}`"},
          {"add `}` at the end of the block", "在代码块末尾加上 `}`"});
      d.notes.push_back({span, {"the file ends here", "文件在此结束"}});
      return;
    }
    std::string tok_text = bad ? (at_eof ? std::string() : bad->getText()) : std::string();
    static const std::set<size_t> kDeclStarts = {
        JianguanParser::RULE,  JianguanParser::ITEM,   JianguanParser::DEPARTMENT,
        JianguanParser::KIND,  JianguanParser::ENTITY, JianguanParser::EVENT,
        JianguanParser::JOINT, JianguanParser::CREDIT, JianguanParser::MEASURES,
        JianguanParser::TEST,  JianguanParser::IMPORT, JianguanParser::ENUM};
    if (expects_rbrace && bad && kDeclStarts.count(bad->getType())) {
      diags_.error("E0103", span,
                   {"a `}` seems to be missing before " + quote(tok_text) +
                        ": the block before it is not closed",
                    quote(tok_text) + " 之前似乎缺少 `}`：前一个代码块没有结束"},
                   {"close the previous block with `}`", "用 `}` 结束前一个代码块"});
      return;
    }
    Text message;
    if (at_eof) {
      message = {"unexpected end of file", "文件意外结束"};
    } else {
      message = {"unexpected " + quote(tok_text), "此处不应出现 " + quote(tok_text)};
    }
    Text hint;
    if (n_expected > 0 && n_expected <= 8)
      hint = {"expected " + expected_en, "这里应为 " + expected_zh};
    diags_.error("E0101", span, message, hint);
  }

 private:
  const syntax::OffsetMap& offsets_;
  Diagnostics& diags_;
  const std::vector<Span>& open_braces_;
  uint32_t last_error_offset_ = UINT32_MAX;
};

// Counts how deep the parser is: one level per rule entered, and one per
// operator of a chain such as `a + b + c`, which ANTLR builds as a left-deep
// tree. The parser, the AST builder and every later pass recurse once per
// level, so stopping here bounds all their stacks: a long chain of `not` or
// `+` gets E0151 instead of a stack overflow.
class DepthGuard : public antlr4::tree::ParseTreeListener {
 public:
  struct TooDeep {};
  explicit DepthGuard(int limit) : limit_(limit) {}
  void enterEveryRule(antlr4::ParserRuleContext*) override {
    if (++depth_ > limit_) throw TooDeep{};
  }
  void exitEveryRule(antlr4::ParserRuleContext*) override { --depth_; }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  int limit_;
  int depth_ = 0;
};

// Reports lexical problems once, then makes the token stream as the user
// meant it: full-width punctuation becomes its ASCII token and stray
// characters are hidden, so the parser sees the intended structure.
// Returns false when nesting is too deep to parse safely.
bool repair_tokens(antlr4::CommonTokenStream& tokens, const antlr4::dfa::Vocabulary& vocab,
                   const syntax::OffsetMap& offsets, const std::string& text, Diagnostics& diags,
                   const ParseLimits& limits, std::vector<Span>& open_braces) {
  int depth = 0;
  int bad_chars = 0;
  antlr4::CommonToken* prev = nullptr;  // the previous token the parser sees
  for (antlr4::Token* raw : tokens.getTokens()) {
    auto* t = dynamic_cast<antlr4::CommonToken*>(raw);
    if (!t || t->getType() == antlr4::Token::EOF) continue;
    if (prev && prev->getChannel() != antlr4::Token::DEFAULT_CHANNEL) prev = nullptr;
    Span span = offsets.token(t);
    std::string sym = vocab.getSymbolicName(t->getType());
    std::string written = text.substr(span.begin, span.end - span.begin);
    if (t->getType() == JianguanLexer::UNCLOSED_STRING) {
      t->setType(JianguanLexer::STRING);
      diags.error("E0105", span, {"this text has no closing `\"`", "文本缺少结尾的 `\"`"},
                  {"close the text with `\"` on the same line", "在同一行用 `\"` 结束文本"});
      continue;
    }
    if (t->getType() == JianguanLexer::BAD_CHAR) {
      t->setChannel(antlr4::Token::HIDDEN_CHANNEL);
      // A file full of stray characters (binary data, another encoding)
      // would print one error per byte: after 100 the rest are counted once.
      constexpr int kMaxBadChars = 100;
      if (++bad_chars > kMaxBadChars) {
        if (bad_chars == kMaxBadChars + 1)
          diags.error(
              "E0106", span,
              {"more than " + std::to_string(kMaxBadChars) +
                   " characters that cannot be used; the rest are not listed",
               "无法使用的字符超过 " + std::to_string(kMaxBadChars) + " 个，其余不再逐一列出"},
              {"is this a rule file? save it as UTF-8 text",
               "这是规则文件吗？请保存为 UTF-8 文本"});
        continue;
      }
      if (written == "\"") {
        diags.error("E0105", span, {"this text has no closing `\"`", "文本缺少结尾的 `\"`"},
                    {"close the text with `\"` on the same line", "在同一行用 `\"` 结束文本"});
      } else {
        uint32_t cp = 0;
        decode_utf8(written, 0, cp);
        diags.error(
            "E0106", span,
            {"character " + quote(written) + " (" + codepoint_name(cp) + ") cannot be used here",
             "字符 " + quote(written) + " (" + codepoint_name(cp) + ") 不能用在这里"},
            {"remove it, or put it inside quotes as text", "删除它，或把它放进引号里作为文本"});
      }
      continue;
    }
    std::string ascii = syntax::fullwidth_ascii(sym);
    if (!ascii.empty()) {
      Span at = span;
      if (t->getType() == JianguanLexer::FW_STRING) {
        t->setType(JianguanLexer::STRING);
        written = "“”";
        at.end = at.begin + 3;
      } else {
        static const std::map<std::string, size_t> kAscii = {
            {":", JianguanLexer::COLON},  {";", JianguanLexer::SEMI},
            {",", JianguanLexer::COMMA},  {"(", JianguanLexer::LPAREN},
            {")", JianguanLexer::RPAREN}, {"{", JianguanLexer::LBRACE},
            {"}", JianguanLexer::RBRACE}, {"[", JianguanLexer::LBRACK},
            {"]", JianguanLexer::RBRACK}, {"=", JianguanLexer::ASSIGN},
            {">", JianguanLexer::GT},     {"<", JianguanLexer::LT}};
        auto it = kAscii.find(ascii);
        bool number_before =
            prev && t->getStartIndex() == prev->getStopIndex() + 1 &&
            (prev->getType() == JianguanLexer::INT || prev->getType() == JianguanLexer::DECIMAL);
        if (it != kAscii.end()) {
          t->setType(it->second);
        } else if (ascii == "%" && number_before) {  // `5％` is the percentage `5%`
          prev->setType(JianguanLexer::PERCENT);
          prev->setText(prev->getText() + "%");
          t->setChannel(antlr4::Token::HIDDEN_CHANNEL);
        } else {  // `％` and `‘’` have no token of their own: reported, then left out
          t->setChannel(antlr4::Token::HIDDEN_CHANNEL);
        }
      }
      diags.error("E0102", at,
                  {"full-width " + quote(written) + " where ASCII " + quote(ascii) + " is expected",
                   "这里应使用半角 " + quote(ascii) + "，而不是全角 " + quote(written)},
                  {"switch the input method to English punctuation and type " + quote(ascii),
                   "将输入法切换到英文标点后输入 " + quote(ascii)});
    }
    size_t type = t->getType();
    if (type == JianguanLexer::ID && written.size() > limits.max_identifier_bytes) {
      diags.error("E0152", span,
                  {"name is longer than " + std::to_string(limits.max_identifier_bytes) + " bytes",
                   "名称超过 " + std::to_string(limits.max_identifier_bytes) + " 字节"},
                  {"a missing space or quote can join words into one long name",
                   "可能缺少空格或引号，使多个词连成了一个长名称"});
    }
    if (type == JianguanLexer::STRING && written.size() > limits.max_string_bytes) {
      diags.error("E0153", span,
                  {"text is longer than " + std::to_string(limits.max_string_bytes) + " bytes",
                   "文本超过 " + std::to_string(limits.max_string_bytes) + " 字节"});
    }
    if (type == JianguanLexer::LBRACE || type == JianguanLexer::LPAREN ||
        type == JianguanLexer::LBRACK) {
      if (type == JianguanLexer::LBRACE) open_braces.push_back(span);
      if (++depth > limits.max_nesting) {
        diags.error(
            "E0151", span,
            {"brackets are nested more than " + std::to_string(limits.max_nesting) + " levels deep",
             "括号嵌套超过 " + std::to_string(limits.max_nesting) + " 层"},
            {"split the expression with `let` into named parts",
             "用 `令` 把表达式拆成几个有名称的部分"});
        return false;
      }
    } else if (type == JianguanLexer::RBRACE || type == JianguanLexer::RPAREN ||
               type == JianguanLexer::RBRACK) {
      if (type == JianguanLexer::RBRACE && !open_braces.empty()) open_braces.pop_back();
      if (depth > 0) --depth;
    }
    prev = t;
  }
  return true;
}

}  // namespace

ast::File parse_file(const SourceSet& sources, FileId file, Diagnostics& diags, int& next_expr_id,
                     const ParseLimits& limits) {
  const SourceFile& src = sources.file(file);
  ast::File empty;
  empty.file = file;
  if (src.text().size() > limits.max_file_bytes) {
    diags.error("E0150", Span{file, 0, 0},
                {"file is larger than " + std::to_string(limits.max_file_bytes >> 20) + " MiB",
                 "文件超过 " + std::to_string(limits.max_file_bytes >> 20) + " MiB"},
                {"split the rules into several files", "把规则拆分到多个文件中"});
    return empty;
  }
  // ANTLR needs valid UTF-8; each invalid byte is reported and replaced by
  // one ASCII byte so that byte offsets stay true to the file.
  // Invalid bytes become spaces, which keeps offsets and structure. A file
  // saved as GBK is wrong everywhere: one error for it, and no parse, rather
  // than an error per line and a cascade of syntax errors.
  std::string text = src.text();
  std::vector<std::pair<size_t, size_t>> bad_runs;
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp;
    size_t n = decode_utf8(text, pos, cp);
    bool invalid = cp == 0xFFFD && !(n == 3 && text.compare(pos, 3, "\xEF\xBF\xBD") == 0);
    if (!invalid) {
      pos += n;
      continue;
    }
    size_t start = pos;
    while (pos < text.size()) {
      size_t m = decode_utf8(text, pos, cp);
      if (!(cp == 0xFFFD && m == 1)) break;
      ++pos;
    }
    // Inside a name the bytes become `_`, so the name stays one (reported)
    // token; elsewhere they become spaces.
    auto wordy = [&](size_t i) {
      auto c = static_cast<unsigned char>(text[i]);
      return c >= 0x80 || std::isalnum(c) || c == '_';
    };
    bool in_name = (start > 0 && wordy(start - 1)) || (pos < text.size() && wordy(pos));
    for (size_t i = start; i < pos; ++i) text[i] = in_name ? '_' : ' ';
    bad_runs.push_back({start, pos});
  }
  std::set<uint32_t> bad_lines;
  for (const auto& [b, e] : bad_runs) bad_lines.insert(src.line_col(static_cast<uint32_t>(b)).line);
  const Text utf8_hint = {"save the file as UTF-8 (not GBK)",
                          "请将文件另存为 UTF-8 编码（而不是 GBK）"};
  if (bad_lines.size() > 3) {
    const auto& [b, e] = bad_runs.front();
    diags.error("E0107", Span{file, static_cast<uint32_t>(b), static_cast<uint32_t>(e)},
                {"the file is not valid UTF-8 (" + std::to_string(bad_lines.size()) +
                     " lines); it is probably GBK",
                 "文件不是有效的 UTF-8 编码（共 " + std::to_string(bad_lines.size()) +
                     " 行），可能是 GBK 编码"},
                utf8_hint);
    return empty;
  }
  uint32_t reported_line = 0;
  for (const auto& [b, e] : bad_runs) {
    uint32_t line = src.line_col(static_cast<uint32_t>(b)).line;
    if (line == reported_line) continue;
    reported_line = line;
    diags.error("E0107", Span{file, static_cast<uint32_t>(b), static_cast<uint32_t>(e)},
                {"the file is not valid UTF-8 here", "文件在此处不是有效的 UTF-8 编码"}, utf8_hint);
  }
  // ANTLR drops a leading BOM from its input; so do the offsets.
  size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  syntax::OffsetMap offsets;
  offsets.file = file;
  offsets.cp_to_byte.reserve(text.size() + 1);
  for (size_t pos = start; pos < text.size();) {
    offsets.cp_to_byte.push_back(static_cast<uint32_t>(pos));
    uint32_t cp;
    pos += decode_utf8(text, pos, cp);
  }
  offsets.cp_to_byte.push_back(static_cast<uint32_t>(text.size()));

  antlr4::ANTLRInputStream input(text.substr(start));
  JianguanLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  std::vector<Span> open_braces;
  if (!repair_tokens(tokens, lexer.getVocabulary(), offsets, text, diags, limits, open_braces))
    return empty;
  tokens.seek(0);

  JianguanParser parser(&tokens);
  parser.removeErrorListeners();
  std::vector<Span> unclosed = open_braces;
  ErrorListener listener(offsets, diags, unclosed);
  parser.addErrorListener(&listener);
  DepthGuard guard(limits.max_depth);
  parser.addParseListener(&guard);
  JianguanParser::File_Context* tree = nullptr;
  try {
    tree = parser.file_();
  } catch (const DepthGuard::TooDeep&) {
    Span at = offsets.token(parser.getCurrentToken());
    diags.error(
        "E0151", at,
        {"expression is nested more than " + std::to_string(limits.max_depth) +
             " levels deep (operators, functions and brackets)",
         "表达式嵌套超过 " + std::to_string(limits.max_depth) + " 层（运算符、函数和括号）"},
        {"split the expression with `let` into named parts",
         "用 `令` 把表达式拆成几个有名称的部分"});
    return empty;
  }
  return syntax::build_ast(tree, offsets, text, diags, next_expr_id);
}

}  // namespace jianguan
