#include "diag/render.h"

#include <algorithm>
#include <set>

#include "diag/codes.h"
#include "support/json.h"

namespace jianguan {

namespace {

const char* severity_word(Severity s, bool zh) {
  switch (s) {
    case Severity::kError:
      return zh ? "错误" : "error";
    case Severity::kWarning:
      return zh ? "警告" : "warning";
    case Severity::kNote:
      return zh ? "注" : "note";
  }
  return "";
}

bool has_position(const SourceSet& sources, Span span) {
  return span.valid() && static_cast<size_t>(span.file) < sources.size();
}

// The caret line copies tabs from the source so the caret sits under the
// span whatever the tab width; wide characters get two columns.
std::string caret_line(std::string_view line, uint32_t col_begin, uint32_t col_end) {
  std::string out;
  size_t pos = 0;
  uint32_t col = 1;
  while (pos < line.size() && col < col_begin) {
    uint32_t cp;
    size_t n = decode_utf8(line, pos, cp);
    if (cp == '\t')
      out += '\t';
    else
      out.append(display_width(line.substr(pos, n)), ' ');
    pos += n;
    ++col;
  }
  size_t start = pos;
  while (pos < line.size() && col < col_end) {
    uint32_t cp;
    pos += decode_utf8(line, pos, cp);
    ++col;
  }
  uint32_t width = display_width(line.substr(start, pos - start));
  out.append(width == 0 ? 1 : width, '^');
  return out;
}

void snippet(std::string& out, const SourceSet& sources, Span span, bool color) {
  const SourceFile& f = sources.file(span.file);
  LineCol b = f.line_col(span.begin);
  LineCol e = f.line_col(span.end);
  std::string_view line = f.line_text(b.line);
  uint32_t end_col = e.line == b.line ? e.column : static_cast<uint32_t>(line.size() + 1);
  std::string num = std::to_string(b.line);
  std::string pad(num.size(), ' ');
  out += pad + " |\n";
  out += num + " | ";
  out += line;
  out += "\n" + pad + " | ";
  if (color) out += "\x1b[1;31m";
  out += caret_line(line, b.column, std::max(end_col, b.column + 1));
  if (color) out += "\x1b[0m";
  out += "\n";
}

}  // namespace

std::string location(const SourceSet& sources, Span span) {
  if (!has_position(sources, span)) return "";
  const SourceFile& f = sources.file(span.file);
  LineCol lc = f.line_col(span.begin);
  return f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

std::string render_text(const Diagnostics& diags, const SourceSet& sources,
                        const RenderOptions& o) {
  std::string out;
  for (const auto& d : diags.items()) {
    std::string loc = location(sources, d.span);
    if (loc.empty()) loc = d.path;
    if (!loc.empty()) out += loc + ": ";
    if (o.color) out += d.severity == Severity::kError ? "\x1b[1;31m" : "\x1b[1;33m";
    out += std::string(severity_word(d.severity, o.zh)) + "[" + d.code + "]";
    if (o.color) out += "\x1b[0m";
    out += ": " + d.message.in(o.zh) + "\n";
    if (has_position(sources, d.span)) snippet(out, sources, d.span, o.color);
    if (!d.hint.en.empty())
      out += std::string("  = ") + (o.zh ? "提示" : "hint") + ": " + d.hint.in(o.zh) + "\n";
    for (const auto& n : d.notes) {
      out += std::string("  = ") + (o.zh ? "注" : "note") + ": " + n.message.in(o.zh);
      std::string nl = location(sources, n.span);
      if (!nl.empty()) out += " (" + nl + ")";
      out += "\n";
    }
    out += "\n";
  }
  size_t errors = diags.error_count(), warnings = diags.warning_count();
  if (o.zh)
    out += std::to_string(errors) + " 个错误，" + std::to_string(warnings) + " 个警告\n";
  else
    out += std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
           std::to_string(warnings) + (warnings == 1 ? " warning\n" : " warnings\n");
  return out;
}

static void json_position(JsonWriter& w, const SourceSet& sources, Span span) {
  if (!has_position(sources, span))
    return;  // the diagnostic's `path`, if any, is written by the caller
  const SourceFile& f = sources.file(span.file);
  LineCol b = f.line_col(span.begin), e = f.line_col(span.end);
  w.field("file", f.path());
  w.field("line", static_cast<int64_t>(b.line)).field("column", static_cast<int64_t>(b.column));
  w.field("end_line", static_cast<int64_t>(e.line))
      .field("end_column", static_cast<int64_t>(e.column));
}

std::string render_json(const Diagnostics& diags, const SourceSet& sources,
                        const RenderOptions& o) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("errors", diags.error_count()).field("warnings", diags.warning_count());
  w.key("diagnostics").begin_array();
  for (const auto& d : diags.items()) {
    w.begin_object();
    w.field("code", d.code).field("severity", severity_word(d.severity, false));
    if (!has_position(sources, d.span) && !d.path.empty()) w.field("file", d.path);
    json_position(w, sources, d.span);
    w.field("message", d.message.in(o.zh));
    w.field("message_en", d.message.en).field("message_zh", d.message.zh);
    if (!d.hint.en.empty()) w.field("hint", d.hint.in(o.zh));
    w.key("notes").begin_array();
    for (const auto& n : d.notes) {
      w.begin_object();
      json_position(w, sources, n.span);
      w.field("message", n.message.in(o.zh));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out += "\n";
  return out;
}

static void sarif_location(JsonWriter& w, const SourceSet& sources, Span span) {
  const SourceFile& f = sources.file(span.file);
  LineCol b = f.line_col(span.begin), e = f.line_col(span.end);
  w.begin_object().key("physicalLocation").begin_object();
  w.key("artifactLocation").begin_object().field("uri", f.path()).end_object();
  w.key("region").begin_object();
  w.field("startLine", static_cast<int64_t>(b.line))
      .field("startColumn", static_cast<int64_t>(b.column));
  w.field("endLine", static_cast<int64_t>(e.line))
      .field("endColumn",
             static_cast<int64_t>(std::max(e.column, b.column + (e.line == b.line ? 1u : 0u))));
  w.end_object();
  w.end_object().end_object();
}

std::string render_sarif(const Diagnostics& diags, const SourceSet& sources, const RenderOptions& o,
                         const std::string& tool_version) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.field("name", "jianguan").field("version", tool_version);
  w.field("informationUri", "https://example.invalid/jianguan/docs/diagnostics.md");
  std::set<std::string> used;
  for (const auto& d : diags.items()) used.insert(d.code);
  w.key("rules").begin_array();
  for (const auto& c : diagnostic_codes()) {
    if (!used.count(c.code)) continue;
    w.begin_object().field("id", c.code);
    w.key("shortDescription")
        .begin_object()
        .field("text", o.zh ? c.title_zh : c.title_en)
        .end_object();
    w.key("fullDescription")
        .begin_object()
        .field("text", std::string(c.title_en) + " / " + c.title_zh)
        .end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object();
  w.field("columnKind", "unicodeCodePoints");
  w.key("results").begin_array();
  for (const auto& d : diags.items()) {
    w.begin_object();
    w.field("ruleId", d.code);
    w.field("level", d.severity == Severity::kError     ? "error"
                     : d.severity == Severity::kWarning ? "warning"
                                                        : "note");
    std::string text = d.message.in(o.zh);
    if (!d.hint.en.empty()) text += " (" + d.hint.in(o.zh) + ")";
    w.key("message").begin_object().field("text", text).end_object();
    w.key("locations").begin_array();
    if (has_position(sources, d.span)) {
      sarif_location(w, sources, d.span);
    } else {
      // GitHub rejects a result without a location: point at the input as
      // given (or the working folder), line 1.
      w.begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation")
          .begin_object()
          .field("uri", d.path.empty() ? std::string(".") : d.path)
          .end_object();
      w.key("region")
          .begin_object()
          .field("startLine", int64_t{1})
          .field("startColumn", int64_t{1});
      w.field("endLine", int64_t{1}).field("endColumn", int64_t{2}).end_object();
      w.end_object().end_object();
    }
    w.end_array();
    if (!d.notes.empty()) {
      w.key("relatedLocations").begin_array();
      int id = 0;
      for (const auto& n : d.notes) {
        if (!has_position(sources, n.span)) continue;
        const SourceFile& f = sources.file(n.span.file);
        LineCol b = f.line_col(n.span.begin);
        w.begin_object().field("id", id++);
        w.key("physicalLocation").begin_object();
        w.key("artifactLocation").begin_object().field("uri", f.path()).end_object();
        w.key("region")
            .begin_object()
            .field("startLine", static_cast<int64_t>(b.line))
            .field("startColumn", static_cast<int64_t>(b.column))
            .end_object();
        w.end_object();
        w.key("message").begin_object().field("text", n.message.in(o.zh)).end_object();
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array();
  w.end_object();
  out += "\n";
  return out;
}

}  // namespace jianguan
