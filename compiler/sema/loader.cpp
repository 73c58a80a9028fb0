#include "sema/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace jianguan::sema {

namespace fs = std::filesystem;

namespace {

struct Pending {
  fs::path path;
  fs::path root;
};

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

bool within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *r != *q) return false;
  return true;
}

// Display paths relative to the working folder when possible, so
// diagnostics match what the user typed.
std::string display(const fs::path& p) {
  std::error_code ec;
  auto rel = fs::relative(p, fs::current_path(ec), ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return p.generic_string();
}

}  // namespace

void load(const std::vector<std::string>& paths, Compilation& c, const CompileOptions& options) {
  std::vector<Pending> queue;
  for (const auto& arg : paths) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(arg, ec), ec);
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".jg") found.push_back(it->path());
      std::sort(found.begin(), found.end());
      for (auto& f : found) {
        // A link inside the folder may point anywhere: follow it only when
        // its target is inside the folder too, as for imports.
        fs::path real = fs::weakly_canonical(f, ec);
        if (ec || !within(p, real)) {
          // The link's own name: display() would show where it points.
          std::string link = f.lexically_relative(fs::current_path(ec)).generic_string();
          if (link.empty() || link.rfind("..", 0) == 0) link = f.generic_string();
          c.diags.error("E0203", Span{},
                        {quote(link) + " links to a file outside the ruleset folder",
                         quote(link) + " 链接到规则集文件夹之外的文件"},
                        {"copy the file into the folder instead of linking to it",
                         "请把文件复制到文件夹中，而不是链接到外面"});
          continue;
        }
        queue.push_back({real, p});
      }
      if (found.empty())
        c.diags.warning("E0205", Span{},
                        {"folder " + quote(arg) + " has no .jg files",
                         "文件夹 " + quote(arg) + " 中没有 .jg 文件"});
    } else if (fs::is_regular_file(p, ec)) {
      queue.push_back({p, p.parent_path()});
    } else {
      c.unreadable = true;
      c.diags.error("E0201", Span{},
                    {"cannot read " + quote(arg) + ": no such file or folder",
                     "无法读取 " + quote(arg) + "：文件或文件夹不存在"});
    }
  }

  std::map<fs::path, FileId> loaded;
  std::map<FileId, std::vector<std::pair<fs::path, Span>>> edges;
  int next_id = 1;
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    Pending job = queue[qi];
    if (loaded.count(job.path)) continue;
    if (loaded.size() >= options.max_files) {
      c.diags.error("E0154", Span{},
                    {"more than " + std::to_string(options.max_files) + " rule files",
                     "规则文件超过 " + std::to_string(options.max_files) + " 个"});
      break;
    }
    std::string text;
    if (!read_file(job.path, text)) {
      c.unreadable = true;
      c.diags.error(
          "E0201", Span{},
          {"cannot read " + quote(display(job.path)), "无法读取 " + quote(display(job.path))});
      continue;
    }
    FileId id = c.sources.add(display(job.path), std::move(text));
    loaded[job.path] = id;
    ast::File f = parse_file(c.sources, id, c.diags, next_id, options.limits);
    for (const auto& imp : f.imports) {
      std::error_code ec;
      fs::path target = fs::weakly_canonical(job.path.parent_path() / imp.path, ec);
      if (!within(job.root, target)) {
        c.diags.error("E0203", imp.span,
                      {"import " + quote(imp.path) + " leaves the ruleset folder",
                       "导入 " + quote(imp.path) + " 超出了规则集所在的文件夹"},
                      {"rule files may import only files inside " + quote(display(job.root)),
                       "规则文件只能导入 " + quote(display(job.root)) + " 之内的文件"});
        continue;
      }
      if (!fs::is_regular_file(target, ec)) {
        c.diags.error("E0204", imp.span,
                      {"imported file " + quote(imp.path) + " does not exist",
                       "导入的文件 " + quote(imp.path) + " 不存在"});
        continue;
      }
      queue.push_back({target, job.root});
      edges[id].push_back({target, imp.span});
    }
    c.files.push_back(std::move(f));
  }

  // Import graph over loaded files, for cycle detection.
  std::map<FileId, std::vector<std::pair<FileId, Span>>> graph;
  for (const auto& [from, targets] : edges)
    for (const auto& [target, span] : targets) {
      auto it = loaded.find(target);
      if (it != loaded.end()) graph[from].push_back({it->second, span});
    }
  std::map<FileId, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<std::pair<FileId, Span>> stack;
  std::function<void(FileId)> dfs = [&](FileId u) {
    state[u] = 1;
    for (const auto& [v, span] : graph[u]) {
      if (state[v] == 1) {
        auto& d = c.diags.error(
            "E0202", span,
            {"import cycle: " + quote(c.sources.file(v).path()) + " imports this file back",
             "循环导入：" + quote(c.sources.file(v).path()) + " 又导入了本文件"},
            {"move the shared declarations into a third file that both import",
             "把共用的声明移到第三个文件中，由两者分别导入"});
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
          d.notes.push_back({it->second, {"imported here", "在此导入"}});
          if (it->first == v) break;
        }
      } else if (state[v] == 0) {
        stack.push_back({u, span});
        dfs(v);
        stack.pop_back();
      }
    }
    state[u] = 2;
  };
  for (const auto& f : c.files)
    if (state[f.file] == 0) dfs(f.file);
}

}  // namespace jianguan::sema
