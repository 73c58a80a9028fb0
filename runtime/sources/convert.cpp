#include "sources/convert.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "ast/ast.h"
#include "eval/evaluator.h"
#include "source/source_file.h"

namespace jianguan::rt {

using ir::FieldType;
using ir::Value;

Converter::Converter(const ir::Program& p) : p_(p) {
  // Names before titles, a later name over an earlier, a title never over
  // a name: as the maps they replaced had it.
  for (size_t i = 0; i < p.kinds.size(); ++i) kinds_.add(p.kinds[i], static_cast<int32_t>(i), true);
  for (size_t i = 0; i < p.departments.size(); ++i)
    departments_.add(p.departments[i].name, static_cast<int32_t>(i), true);
  for (size_t i = 0; i < p.departments.size(); ++i)
    if (!p.departments[i].title.empty())
      departments_.add(p.departments[i].title, static_cast<int32_t>(i));
  for (const auto& e : p.enums) {
    enums_.emplace_back();
    for (size_t i = 0; i < e.size(); ++i) enums_.back().add(e[i], static_cast<int32_t>(i), true);
  }
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  // strtoll's grammar: an optional sign, then digits.
  if (s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() == '-') return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool parse_decimal(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return false;
  // The common forms ("12", "3.5", "-1e3") without a copy; strtod keeps the
  // rest it always accepted (hexadecimal, a leading '+').
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(out)) return true;
  // strtod stops at a NUL: "12\0xyz" is no number, not 12.
  if (s.find('\0') != std::string_view::npos) return false;
  std::string buf(s);
  char* stop = nullptr;
  double v = std::strtod(buf.c_str(), &stop);
  if (*stop != '\0' || !std::isfinite(v)) return false;
  out = v;
  return true;
}

// YYYY-MM-DD without allocating; the same rules as ast::parse_date.
std::optional<int64_t> fast_date(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[8];
  static const int kPos[] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    char c = s[static_cast<size_t>(kPos[i])];
    if (c < '0' || c > '9') return std::nullopt;
    v[i] = c - '0';
  }
  int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  unsigned m = static_cast<unsigned>(v[4] * 10 + v[5]), d = static_cast<unsigned>(v[6] * 10 + v[7]);
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1800 || m < 1 || m > 12 || d < 1) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return ast::make_date(y, m, d);
}

std::string shown(std::string_view s) {
  std::string out(s.substr(0, 40));
  if (s.size() > 40) out += "…";
  return "`" + out + "`";
}

}  // namespace

bool Converter::convert(const ir::FieldDef& f, std::string_view raw, Value& out,
                        std::string& reason) const {
  const bool present = raw.data() != nullptr;
  std::string_view s = present ? trim(raw) : std::string_view();
  if (!present || s.empty()) {
    if (f.optional) {
      out = Value::missing();
      return true;
    }
    reason = "field `" + f.name + "` (column `" + f.column + "`) is empty but required";
    return false;
  }
  if (convert_typed(f, s, out, reason)) return true;
  // A cell that is no value of its type and not UTF-8 either is rejected as
  // the latter, as it was when every cell was checked first. Only text is
  // checked before it is taken: a cell of any other type that parses is
  // ASCII or a declared name (at 1M entities 30M cells are dates, codes,
  // flags and numbers).
  if (find_invalid_utf8(s) != std::string_view::npos)
    reason = "field `" + f.name + "` is not valid UTF-8";
  return false;
}

bool Converter::convert_typed(const ir::FieldDef& f, std::string_view s, Value& out,
                              std::string& reason) const {
  switch (f.type) {
    case FieldType::kText:
      if (find_invalid_utf8(s) != std::string_view::npos) return false;  // why: convert()
      out = Value::text(s);
      return true;
    case FieldType::kCreditCode:
      if (!valid_credit_code(s)) {
        reason = "field `" + f.name + "`: " + shown(s) +
                 " is not a valid unified social credit code (check character)";
        return false;
      }
      out = Value::text(s);
      return true;
    case FieldType::kInt: {
      int64_t v;
      if (!parse_int(s, v)) break;
      out = Value::integer(v);
      return true;
    }
    case FieldType::kDecimal: {
      double v;
      if (!parse_decimal(s, v)) break;
      out = Value::decimal(v);
      return true;
    }
    case FieldType::kBool: {
      if (s == "1" || s == "true" || s == "TRUE" || s == "是" || s == "Y") {
        out = Value::boolean(true);
        return true;
      }
      if (s == "0" || s == "false" || s == "FALSE" || s == "否" || s == "N") {
        out = Value::boolean(false);
        return true;
      }
      break;
    }
    case FieldType::kDate: {
      // Dates may carry a time part ("2024-01-31 08:00:00"); the day counts.
      auto d = fast_date(s);
      // What follows the day is not read, but must be UTF-8.
      if (!d || (s.size() > 10 && s[10] != ' ' && s[10] != 'T') ||
          (s.size() > 10 && find_invalid_utf8(s.substr(10)) != std::string_view::npos)) {
        reason = "field `" + f.name + "`: " + shown(s) + " is not a real date (YYYY-MM-DD)";
        return false;
      }
      out = Value::date(*d);
      return true;
    }
    case FieldType::kDivision: {
      int64_t v;
      if (s.size() != 6 || !parse_int(s, v)) {
        reason = "field `" + f.name + "`: " + shown(s) + " is not a 6-digit division code";
        return false;
      }
      out = Value::integer(v);
      return true;
    }
    case FieldType::kKind:
    case FieldType::kDepartment:
    case FieldType::kEnum: {
      const auto& dict = f.type == FieldType::kKind ? kinds_
                         : f.type == FieldType::kDepartment
                             ? departments_
                             : enums_[static_cast<size_t>(f.enum_id)];
      const int32_t id = dict.find(s);
      if (id < 0) {
        const char* what = f.type == FieldType::kKind         ? "kind"
                           : f.type == FieldType::kDepartment ? "department"
                                                              : "value";
        reason = "field `" + f.name + "`: " + shown(s) + " is not a declared " + what;
        return false;
      }
      out = Value::symbol(id);
      return true;
    }
  }
  static const char* kNames[] = {"text",     "integer",     "decimal", "boolean",    "date",
                                 "division", "credit code", "kind",    "department", "enumeration"};
  const char* name = kNames[static_cast<int>(f.type)];
  bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  reason = "field `" + f.name + "`: " + shown(s) + (vowel ? " is not an " : " is not a ") + name;
  return false;
}

}  // namespace jianguan::rt
