// The responsibility matrix (责任矩阵): entity kinds by departments, lead
// (牵) or assisting (配) at each level, with rows marked where the kind has
// a gap (no lead at some level) or an overlap (two leads for one action and
// level). Text, JSON or CSV.
#include "analysis/analysis.h"
#include "api/ruleset_impl.h"
#include "eval/record.h"
#include "report/csv_field.h"
#include "report/report.h"
#include "sema/builtins.h"
#include "source/source_file.h"
#include "sources/source.h"
#include "support/json.h"

namespace jianguan {

namespace {

using rt::csv_field;

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
  if (c.assist_levels & ~c.lead_levels)
    s += std::string(s.empty() ? "" : " ") + (zh ? "配" : "A:") +
         levels_code(c.assist_levels & ~c.lead_levels, zh);
  return s;
}

std::string pad(const std::string& s, uint32_t width) {
  uint32_t w = display_width(s);
  return s + std::string(w < width ? width - w : 1, ' ');
}

}  // namespace

std::string render_matrix(const Ruleset& r, const std::string& format, bool zh,
                          const std::string& data, std::string* error, const std::string& as_of) {
  const sema::Model& m = r.compilation->model;
  std::optional<ast::Date> day;
  if (!as_of.empty()) {
    day = ast::parse_date(as_of);
    if (!day) {
      if (error) *error = as_of_error(as_of);
      return "";
    }
  }
  analysis::Matrix mx = analysis::matrix(m, day);
  std::string out;
  // Entities per kind in the data, with a few example keys.
  std::vector<int64_t> counts(m.kinds.size(), 0);
  std::vector<std::vector<std::string>> examples(m.kinds.size());
  bool with_data = !data.empty();
  if (with_data) {
    std::string err;
    auto source = rt::open_source(r.program, data, "", 1, err);
    if (!source) {
      if (error) *error = err;
      return "";
    }
    const ir::Table& et = r.program.tables[static_cast<size_t>(r.program.entity)];
    rt::Record rec;
    std::vector<rt::Reject> rejects;
    for (;;) {
      bool ok = false;
      rejects.clear();
      if (!source->next(rec, ok, rejects)) break;
      if (!ok || et.kind < 0) continue;
      const auto& k = rec.entity()[et.kind];
      if (k.tag != ir::Value::Tag::kSymbol) continue;
      size_t ki = static_cast<size_t>(k.i);
      ++counts[ki];
      if (examples[ki].size() < 3 && et.key >= 0)
        examples[ki].emplace_back(rec.entity()[et.key].str());
    }
    if (!source->error().empty()) {
      if (error) *error = source->error();
      return "";
    }
  }
  auto data_note = [&](size_t row) {
    size_t k = static_cast<size_t>(mx.kinds[row]);
    std::string s = (zh ? "  主体 " : "  entities ") + std::to_string(counts[k]);
    if (!examples[k].empty()) {
      s += zh ? "，例如 " : ", e.g. ";
      for (size_t i = 0; i < examples[k].size(); ++i) s += (i ? ", " : "") + examples[k][i];
    }
    return s;
  };
  auto mark = [&](size_t row) {
    std::string s;
    if (mx.gap[row]) s += zh ? "空白" : "gap";
    if (mx.overlap[row]) s += std::string(s.empty() ? "" : " ") + (zh ? "交叉" : "overlap");
    return s;
  };
  if (format == "json") {
    JsonWriter w(out);
    w.begin_object();
    if (day) w.field("as_of", ast::format_date(*day));
    w.key("departments").begin_array();
    for (int d : mx.departments) w.value(m.departments[static_cast<size_t>(d)].name);
    w.end_array();
    w.key("kinds").begin_array();
    for (size_t row = 0; row < mx.kinds.size(); ++row) {
      w.begin_object().field("kind", m.kinds[static_cast<size_t>(mx.kinds[row])].name);
      w.field("gap", static_cast<bool>(mx.gap[row]))
          .field("overlap", static_cast<bool>(mx.overlap[row]));
      if (with_data) {
        size_t k = static_cast<size_t>(mx.kinds[row]);
        w.field("entities", counts[k]);
        w.key("examples").begin_array();
        for (const auto& e : examples[k]) w.value(e);
        w.end_array();
      }
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
    // Appending piece by piece: `"," + std::string` trips GCC 12's -Wrestrict.
    auto cell = [&](const std::string& text) {
      out += ',';
      out += text;
    };
    for (int d : mx.departments) cell(csv_field(m.departments[static_cast<size_t>(d)].name));
    out += zh ? ",标记" : ",mark";
    out += with_data ? (zh ? ",主体数\n" : ",entities\n") : "\n";
    for (size_t row = 0; row < mx.kinds.size(); ++row) {
      out += csv_field(m.kinds[static_cast<size_t>(mx.kinds[row])].name);
      for (size_t col = 0; col < mx.departments.size(); ++col)
        cell(csv_field(cell_text(mx.cells[row][col], zh)));
      cell(mark(row));
      if (with_data) cell(std::to_string(counts[static_cast<size_t>(mx.kinds[row])]));
      out += '\n';
    }
    return out;
  }
  // Text: one line per kind listing the departments that hold a role, so
  // the matrix stays readable with two dozen departments.
  out += zh ? "责任矩阵（牵=牵头，配=配合；区=自治区，市=盟市，县=旗县）\n"
            : "Responsibility matrix (L = lead, A = assist; R = region, C = league/city, B = "
              "banner/county)\n";
  if (day)
    out +=
        (zh ? "基准日 " : "As of ") + ast::format_date(*day) +
        (zh ? "：只计当日生效的事项和部门\n" : ": only items and departments in force that day\n");
  out += "\n";
  for (size_t row = 0; row < mx.kinds.size(); ++row) {
    std::string line = pad(m.kinds[static_cast<size_t>(mx.kinds[row])].name, 18);
    std::string roles;
    for (size_t col = 0; col < mx.departments.size(); ++col) {
      std::string c = cell_text(mx.cells[row][col], zh);
      if (!c.empty())
        roles += (roles.empty() ? ""
                  : zh          ? "；"
                                : "; ") +
                 m.departments[static_cast<size_t>(mx.departments[col])].name + " " + c;
    }
    std::string mk = mark(row);
    out += line + (roles.empty() ? (zh ? "（无部门）" : "(no department)") : roles) +
           (mk.empty() ? "" : "   [" + mk + "]") + "\n";
    if (with_data && !mk.empty()) out += std::string(18, ' ') + data_note(row) + "\n";
  }
  return out;
}

}  // namespace jianguan
