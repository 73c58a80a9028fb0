#include "syntax/token_text.h"

#include <map>
#include <vector>

namespace jianguan::syntax {

namespace {
const std::map<std::string, std::vector<std::string>>& spellings() {
  static const std::map<std::string, std::vector<std::string>> table = {
#include "token_names.inc"
  };
  return table;
}
}  // namespace

std::string token_display(const std::string& sym, bool zh) {
  if (sym == "ID") return zh ? "名称" : "a name";
  if (sym == "STRING") return zh ? "带引号的文本" : "a quoted text";
  if (sym == "INT") return zh ? "整数" : "a whole number";
  if (sym == "DECIMAL") return zh ? "小数" : "a decimal number";
  if (sym == "PERCENT") return zh ? "百分数" : "a percentage";
  if (sym == "DATE") return zh ? "日期 (如 2024-01-31)" : "a date (like 2024-01-31)";
  if (sym == "EOF") return zh ? "文件结尾" : "end of file";
  auto it = spellings().find(sym);
  if (it == spellings().end()) return sym;
  std::string out;
  for (const auto& s : it->second) {
    if (!out.empty()) out += " / ";
    out += "`" + s + "`";
  }
  return out;
}

std::string fullwidth_ascii(const std::string& sym) {
  static const std::map<std::string, std::string> m = {
      {"FW_COLON", ":"},  {"FW_SEMI", ";"},    {"FW_COMMA", ","},  {"FW_LPAREN", "("},
      {"FW_RPAREN", ")"}, {"FW_LBRACE", "{"},  {"FW_RBRACE", "}"}, {"FW_LBRACK", "["},
      {"FW_RBRACK", "]"}, {"FW_STRING", "\""}, {"FW_EQUAL", "="},  {"FW_GT", ">"},
      {"FW_LT", "<"},     {"FW_PERCENT", "%"}, {"FW_SQUOTE", "\""}};
  auto it = m.find(sym);
  return it == m.end() ? "" : it->second;
}

}  // namespace jianguan::syntax
