// `jianguan fmt PATH... [--check]`: rewrites rule files in the canonical
// layout, or with --check shows what would change and fails.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "commands.h"
#include "jianguan/jianguan.h"

namespace jianguan::cli {

namespace {

namespace fs = std::filesystem;

// A last line without a newline keeps this mark, so that it differs from
// the same line with one; the diff prints it as `diff -u` does.
const char kNoNewline[] = "\n\\ No newline at end of file";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + kNoNewline);
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A unified diff (`diff -u` style, 3 lines of context) from `a` to `b`,
// found with Myers' O(ND) algorithm. Empty when the texts are equal.
std::string unified_diff(const std::string& a_text, const std::string& b_text,
                         const std::string& a_name, const std::string& b_name) {
  if (a_text == b_text) return "";
  std::vector<std::string> a = split_lines(a_text), b = split_lines(b_text);
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = n + m;
  std::vector<int> v(2 * static_cast<size_t>(max) + 3, 0);
  auto at = [&](int k) -> int& { return v[static_cast<size_t>(k + max + 1)]; };
  // trace[d]: v[-d-1 .. d+1] before step d, all the backtrack reads.
  std::vector<std::vector<int>> trace;
  // Past this many edits the diff is shown as one replacement, which keeps
  // memory bounded for a file that changes almost everywhere.
  const int max_edits = 4000;
  int found_d = -1;
  for (int d = 0; d <= std::min(max, max_edits) && found_d < 0; ++d) {
    trace.emplace_back(v.begin() + (max - d), v.begin() + (max + d + 3));
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) ++x, ++y;
      at(k) = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
  }
  // Walk back through the trace: ' ' keep, '-' from a, '+' from b.
  std::vector<std::pair<char, int>> ops;  // (op, line index in a or b)
  int x = n, y = m;
  if (found_d < 0) {
    for (int i = m - 1; i >= 0; --i) ops.push_back({'+', i});
    for (int i = n - 1; i >= 0; --i) ops.push_back({'-', i});
    x = y = 0;
  }
  for (int d = found_d; d > 0; --d) {
    const std::vector<int>& pv = trace[static_cast<size_t>(d)];
    auto prev = [&](int k) { return pv[static_cast<size_t>(k + d + 1)]; };
    int k = x - y;
    int pk = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
    int px = prev(pk), py = px - pk;
    while (x > px && y > py) ops.push_back({' ', --x}), --y;
    if (x == px)
      ops.push_back({'+', --y});
    else
      ops.push_back({'-', --x});
  }
  while (x > 0 && y > 0) ops.push_back({' ', --x}), --y;
  std::reverse(ops.begin(), ops.end());

  // Group the edits into hunks with 3 lines of context.
  std::ostringstream out;
  out << "--- " << a_name << "\n+++ " << b_name << "\n";
  const size_t context = 3;
  size_t i = 0;
  while (i < ops.size()) {
    while (i < ops.size() && ops[i].first == ' ') ++i;
    if (i == ops.size()) break;
    size_t start = i >= context ? i - context : 0;
    size_t end = i;
    for (;;) {
      while (end < ops.size() && ops[end].first != ' ') ++end;
      size_t same = end;
      while (same < ops.size() && ops[same].first == ' ' && same - end < 2 * context) ++same;
      if (same < ops.size() && ops[same].first != ' ') {
        end = same;
        continue;
      }
      end = std::min(ops.size(), end + context);
      break;
    }
    // Line numbers of the hunk: count lines of a and b before `start`.
    int a_line = 0, b_line = 0;
    for (size_t j = 0; j < start; ++j) {
      if (ops[j].first != '+') ++a_line;
      if (ops[j].first != '-') ++b_line;
    }
    int a_count = 0, b_count = 0;
    for (size_t j = start; j < end; ++j) {
      if (ops[j].first != '+') ++a_count;
      if (ops[j].first != '-') ++b_count;
    }
    out << "@@ -" << (a_count ? a_line + 1 : a_line) << "," << a_count << " +"
        << (b_count ? b_line + 1 : b_line) << "," << b_count << " @@\n";
    for (size_t j = start; j < end; ++j) {
      const auto& [op, line] = ops[j];
      const std::string& text =
          op == '+' ? b[static_cast<size_t>(line)] : a[static_cast<size_t>(line)];
      out << op << text << "\n";
    }
    i = end;
  }
  return out.str();
}

// Replaces `path` by `text` through a temporary file in the same folder, so
// an interrupted run leaves either the old file or the new one.
bool replace_file(const std::string& given, const std::string& text, std::string& error) {
  // A symbolic link stays a link: the file it points to is replaced.
  std::error_code ec;
  std::string path = fs::is_symlink(given, ec) ? fs::canonical(given, ec).string() : given;
  if (ec) path = given;
  std::string tmp = path + ".fmt-tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      error = "cannot write " + tmp;
      std::remove(tmp.c_str());
      return false;
    }
  }
  fs::permissions(tmp, fs::status(path, ec).permissions(), ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    error = "cannot replace " + path + ": " + ec.message();
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace

Action add_fmt(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> paths;
    bool check = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "fmt",
      "Lay out rule files canonically, in place; with --check, show the changes and fail instead "
      "(exit 0 formatted, 1 --check found unformatted files, 2 syntax errors or unreadable)");
  cmd->add_option("paths", o->paths, "Rule files or folders (every .jg below); - for stdin")
      ->required();
  cmd->add_flag("--check", o->check,
                "Change nothing: print a unified diff of what would change, exit 1 if any");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    const bool zh = common.zh();
    bool bad = false;
    // Folders contribute their .jg files, sorted; files are taken as named.
    std::vector<std::string> files;
    for (const auto& p : o->paths) {
      std::error_code ec;
      if (p != "-" && fs::is_directory(p, ec)) {
        std::vector<std::string> found;
        for (auto it = fs::recursive_directory_iterator(p, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
          if (it->is_regular_file(ec) && it->path().extension() == ".jg")
            found.push_back(it->path().generic_string());
        std::sort(found.begin(), found.end());
        if (found.empty())
          std::cerr << "jianguan: "
                    << (zh ? "文件夹 `" + p + "` 中没有 .jg 文件"
                           : "folder `" + p + "` has no .jg files")
                    << "\n";
        files.insert(files.end(), found.begin(), found.end());
      } else {
        files.push_back(p);
      }
    }
    size_t changed = 0, failed = 0;
    for (const auto& path : files) {
      FormatOutcome r;
      if (path == "-") {
        std::string text(std::istreambuf_iterator<char>(std::cin), {});
        r = format_text(text, "<stdin>", zh, ::isatty(2));
      } else {
        r = format_file(path, zh, ::isatty(2));
      }
      if (!r.ok) {
        bad = true;
        ++failed;
        std::cerr << r.diagnostics;
        if (!r.unreadable)
          std::cerr << "jianguan: "
                    << (zh ? "`" + path + "` 有语法错误，未格式化"
                           : "`" + path + "` has syntax errors; it was not formatted")
                    << "\n";
        continue;
      }
      if (path == "-") {
        if (o->check) {
          std::cout << unified_diff(r.original, r.formatted, "<stdin>", "<stdin> (formatted)");
          if (r.changed) ++changed;
        } else {
          std::cout << r.formatted;
        }
        continue;
      }
      if (!r.changed) continue;
      ++changed;
      if (o->check) {
        std::cout << unified_diff(r.original, r.formatted, path, path + " (formatted)");
        continue;
      }
      std::string err;
      if (!replace_file(path, r.formatted, err)) {
        bad = true;
        std::cerr << "jianguan: " << err << "\n";
        continue;
      }
      std::cerr << (zh ? "已格式化 " : "formatted ") << path << "\n";
    }
    if (o->check && changed > 0)
      std::cerr << "jianguan: "
                << (zh ? std::to_string(changed) +
                             " 个文件未按规范格式排版；运行 `jianguan fmt` 修正"
                       : std::to_string(changed) + " of " + std::to_string(files.size() - failed) +
                             " files are not formatted; run `jianguan fmt` to fix them")
                << "\n";
    if (bad) return kBadInput;
    return o->check && changed > 0 ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli
