// `jianguan fmt` in the library: the canonical layout of one rule file.
#include <fstream>
#include <sstream>

#include "diag/render.h"
#include "jianguan/jianguan.h"
#include "syntax/format.h"

namespace jianguan {

FormatOutcome format_text(const std::string& text, const std::string& name, bool zh, bool color) {
  FormatOutcome out;
  out.original = text;
  SourceSet sources;
  FileId id = sources.add(name, text);
  Diagnostics diags;
  FormatResult r = format_source(sources, id, diags);
  if (!r.text) {
    diags.sort();
    RenderOptions o;
    o.zh = zh;
    o.color = color;
    out.diagnostics = render_text(diags, sources, o);
    if (!r.internal_error.empty())
      out.diagnostics += (zh ? "内部错误，未格式化 " : "internal error, not formatted: ") + name +
                         ": " + r.internal_error + "\n";
    return out;
  }
  out.ok = true;
  out.formatted = std::move(*r.text);
  out.changed = out.formatted != out.original;
  return out;
}

FormatOutcome format_file(const std::string& path, bool zh, bool color) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  if (in) ss << in.rdbuf();
  if (!in || in.bad()) {
    FormatOutcome out;
    out.unreadable = true;
    out.diagnostics = (zh ? "无法读取 `" : "cannot read `") + path + "`\n";
    return out;
  }
  return format_text(ss.str(), path, zh, color);
}

}  // namespace jianguan
