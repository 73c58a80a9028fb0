// Helpers shared by the unit tests: parse a string, compile temporary files,
// and ask which diagnostics came out where.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "compile.h"
#include "diag/diagnostic.h"
#include "source/source_file.h"
#include "syntax/parse.h"

namespace jianguan::testing {

// One file parsed on its own, diagnostics sorted as the compiler sorts them.
struct Parsed {
  SourceSet sources;
  Diagnostics diags;
  ast::File file;

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags.items()) out.push_back(d.code);
    return out;
  }
  const Diagnostic* first(const std::string& code) const {
    for (const auto& d : diags.items())
      if (d.code == code) return &d;
    return nullptr;
  }
  LineCol at(Span s) const { return sources.file(s.file).line_col(s.begin); }
  // The bytes a span covers.
  std::string text(Span s) const {
    return sources.file(s.file).text().substr(s.begin, s.end - s.begin);
  }
};

inline std::unique_ptr<Parsed> parse(const std::string& text, const ParseLimits& limits = {}) {
  auto p = std::make_unique<Parsed>();
  FileId id = p->sources.add("t.jg", text);
  int next_id = 1;
  p->file = parse_file(p->sources, id, p->diags, next_id, limits);
  p->diags.sort();
  return p;
}

// A fresh folder under the system's temporary folder, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "jianguan-unit-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to `name` (a path relative to this folder; parents made).
  std::string write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// Sets (or, given nullptr, unsets) an environment variable for a scope.
struct ScopedEnv {
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  std::string name, old;
  bool had = false;
  ScopedEnv(const char* n, const char* value) : name(n) {
    const char* o = std::getenv(n);
    had = o != nullptr;
    if (had) old = o;
    if (value)
      setenv(n, value, 1);
    else
      unsetenv(n);
  }
  ~ScopedEnv() {
    if (had)
      setenv(name.c_str(), old.c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

// The result of compiling some files written to a temporary folder.
struct Compiled {
  TempDir dir;
  std::unique_ptr<Compilation> c;

  // Front-end codes only: the analysis warnings (W06xx) that small test
  // rulesets trigger (an uncovered kind, ...) have golden cases of their own.
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : c->diags.items())
      if (d.code[0] != 'W') out.push_back(d.code);
    return out;
  }
  size_t count(const std::string& code) const {
    size_t n = 0;
    for (const auto& d : c->diags.items()) n += d.code == code;
    return n;
  }
  const Diagnostic* first(const std::string& code) const {
    for (const auto& d : c->diags.items())
      if (d.code == code) return &d;
    return nullptr;
  }
  // 1-based line of a diagnostic's start, 0 when it has no position.
  uint32_t line(const Diagnostic& d) const {
    if (!d.span.valid()) return 0;
    return c->sources.file(d.span.file).line_col(d.span.begin).line;
  }
  // Lines of every diagnostic with `code`, in order.
  std::vector<uint32_t> lines(const std::string& code) const {
    std::vector<uint32_t> out;
    for (const auto& d : c->diags.items())
      if (d.code == code) out.push_back(line(d));
    return out;
  }
};

// Compiles `files` (name -> text) written into a fresh folder; `roots` are
// the names given to the compiler (default: every file).
inline std::unique_ptr<Compiled> compile_files(const std::map<std::string, std::string>& files,
                                               std::vector<std::string> roots = {},
                                               const CompileOptions& options = {}) {
  auto out = std::make_unique<Compiled>();
  std::vector<std::string> paths;
  for (const auto& [name, text] : files) {
    std::string p = out->dir.write(name, text);
    if (roots.empty()) paths.push_back(p);
  }
  for (const auto& r : roots) paths.push_back((out->dir.path() / r).string());
  out->c = compile(paths, options);
  return out;
}

inline std::unique_ptr<Compiled> compile_text(const std::string& text) {
  return compile_files({{"t.jg", text}});
}

// A small schema that rule tests build on. Line 1 is the first line of the
// ruleset, so a rule appended after it starts on line kPreludeLines + 1.
inline const std::string kPrelude =
    "部门 住建 \"住房和城乡建设部门\" { 层级 自治区, 盟市, 旗县 }\n"  // 1
    "部门 市场监管 { 层级 自治区 }\n"                                 // 2
    "类别 燃气经营企业\n"                                             // 3
    "枚举 风险等级 [高, 中, 低]\n"                                    // 4
    "主体 市场主体 {\n"                                               // 5
    "  字段 信用代码: 信用代码 主键\n"                                // 6
    "  字段 名称: 文本\n"                                             // 7
    "  字段 类型: 类别\n"                                             // 8
    "  字段 区划: 区划\n"                                             // 9
    "  字段 成立日期: 日期\n"                                         // 10
    "  字段 注册资本: 小数\n"                                         // 11
    "  字段 钢瓶数: 整数\n"                                           // 12
    "  字段 年报已公示: 布尔\n"                                       // 13
    "  字段 风险: 风险等级\n"                                         // 14
    "  字段 许可证有效期: 日期 可选\n"                                // 15
    "  字段 备注: 文本 可选\n"                                        // 16
    "  字段 主管部门: 部门 可选\n"                                    // 17
    "}\n"                                                             // 18
    "事件 处罚记录 关联 市场主体 用途 处罚 {\n"                       // 19
    "  外键 主体代码\n"                                               // 20
    "  字段 主体代码: 信用代码\n"                                     // 21
    "  字段 日期: 日期\n"                                             // 22
    "  字段 金额: 小数\n"                                             // 23
    "  字段 行为: 文本\n"                                             // 24
    "  字段 部门: 部门\n"                                             // 25
    "}\n"                                                             // 26
    "事项 燃气 { 对象 燃气经营企业  牵头 住建 }\n";                   // 27
inline constexpr uint32_t kPreludeLines = 27;

// The prelude followed by `rest`; diagnostics on the first line of `rest`
// are on line kPreludeLines + 1.
inline std::unique_ptr<Compiled> compile_rules(const std::string& rest) {
  return compile_text(kPrelude + rest);
}

}  // namespace jianguan::testing
