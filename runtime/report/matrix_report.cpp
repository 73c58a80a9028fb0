// The responsibility matrix (责任矩阵): entity kinds by departments, lead
// (牵) or assisting (配) at each level, with rows marked where the kind has
// a gap (no lead at some level) or an overlap (two leads for one action and
// level). Text, JSON or CSV.
#include "analysis/analysis.h"
#include "api/ruleset_impl.h"
#include "report/report.h"
#include "sema/builtins.h"
#include "source/source_file.h"
#include "support/json.h"

namespace jianguan {

namespace {

// "县市区" style: one letter per level the role is held at, region first.
std::string levels_code(unsigned mask, bool zh) {
  static const char* kZh[] = {"区", "市", "县"};
  static const char* kEn[] = {"R", "C", "B"};
  std::string s;
  for (int l = 0; l < 3; ++l)
    if (mask & (1u << l)) s += zh ? kZh[l] : kEn[l];
  return s;
}

std::string cell_text(const analysis::MatrixCell& c, bool zh) {
  std::string s;
  if (c.lead_levels) s += (zh ? "牵" : "L:") + levels_code(c.lead_levels, zh);
  if (c.assist_levels & ~c.lead_levels) s += std::string(s.empty() ? "" : " ") + (zh ? "配" : "A:") + levels_code(c.assist_levels & ~c.lead_levels, zh);
  return s;
}

std::string pad(const std::string& s, uint32_t width) {
  uint32_t w = display_width(s);
  return s + std::string(w < width ? width - w : 1, ' ');
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

}  // namespace

std::string render_matrix(const Ruleset& r, const std::string& format, bool zh) {
  const sema::Model& m = r.compilation->model;
  analysis::Matrix mx = analysis::matrix(m);
  std::string out;
  auto mark = [&](size_t row) {
    std::string s;
    if (mx.gap[row]) s += zh ? "空白" : "gap";
    if (mx.overlap[row]) s += std::string(s.empty() ? "" : " ") + (zh ? "交叉" : "overlap");
    return s;
  };
  if (format == "json") {
    JsonWriter w(out);
    w.begin_object();
    w.key("departments").begin_array();
    for (int d : mx.departments) w.value(m.departments[static_cast<size_t>(d)].name);
    w.end_array();
    w.key("kinds").begin_array();
    for (size_t row = 0; row < mx.kinds.size(); ++row) {
      w.begin_object().field("kind", m.kinds[static_cast<size_t>(mx.kinds[row])].name);
      w.field("gap", static_cast<bool>(mx.gap[row])).field("overlap", static_cast<bool>(mx.overlap[row]));
      w.key("roles").begin_object();
      for (size_t col = 0; col < mx.departments.size(); ++col) {
        const auto& c = mx.cells[row][col];
        if (!c.lead_levels && !c.assist_levels) continue;
        w.key(m.departments[static_cast<size_t>(mx.departments[col])].name).begin_object();
        w.key("lead").begin_array();
        for (int l = 0; l < 3; ++l)
          if (c.lead_levels & (1u << l)) w.value(sema::label(sema::levels(), l, zh));
        w.end_array().key("assist").begin_array();
        for (int l = 0; l < 3; ++l)
          if (c.assist_levels & (1u << l)) w.value(sema::label(sema::levels(), l, zh));
        w.end_array().end_object();
      }
      w.end_object().end_object();
    }
    w.end_array().end_object();
    out += "\n";
    return out;
  }
  if (format == "csv") {
    out += zh ? "类别" : "kind";
    for (int d : mx.departments) out += "," + csv_cell(m.departments[static_cast<size_t>(d)].name);
    out += zh ? ",标记\n" : ",mark\n";
    for (size_t row = 0; row < mx.kinds.size(); ++row) {
      out += csv_cell(m.kinds[static_cast<size_t>(mx.kinds[row])].name);
      for (size_t col = 0; col < mx.departments.size(); ++col) out += "," + csv_cell(cell_text(mx.cells[row][col], zh));
      out += "," + mark(row) + "\n";
    }
    return out;
  }
  // Text: one line per kind listing the departments that hold a role, so
  // the matrix stays readable with two dozen departments.
  out += zh ? "责任矩阵（牵=牵头，配=配合；区=自治区，市=盟市，县=旗县）\n\n"
            : "Responsibility matrix (L = lead, A = assist; R = region, C = league/city, B = banner/county)\n\n";
  for (size_t row = 0; row < mx.kinds.size(); ++row) {
    std::string line = pad(m.kinds[static_cast<size_t>(mx.kinds[row])].name, 18);
    std::string roles;
    for (size_t col = 0; col < mx.departments.size(); ++col) {
      std::string c = cell_text(mx.cells[row][col], zh);
      if (!c.empty()) roles += (roles.empty() ? "" : zh ? "；" : "; ") + m.departments[static_cast<size_t>(mx.departments[col])].name + " " + c;
    }
    std::string mk = mark(row);
    out += line + (roles.empty() ? (zh ? "（无部门）" : "(no department)") : roles) + (mk.empty() ? "" : "   [" + mk + "]") + "\n";
  }
  return out;
}

}  // namespace jianguan
