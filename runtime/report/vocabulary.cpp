#include <map>

#include "eval/results.h"
#include "report/report.h"
#include "sema/builtins.h"

namespace jianguan::rt {

std::string severity_name(int severity) {
  return severity == 0 ? "error" : severity == 1 ? "warning" : "info";
}

std::string level_name(int level, bool zh) { return sema::label(sema::levels(), level, zh); }

std::string restriction_name(int id, bool zh) { return sema::label(sema::restrictions(), id, zh); }

// League/city names of Inner Mongolia (GB/T 2260), for the bundled
// rulesets; other codes are shown as codes.
std::string city_name(int64_t code, bool zh) {
  static const struct {
    int64_t code;
    const char *zh, *en;
  } kCities[] = {{150100, "呼和浩特市", "Hohhot"},
                 {150200, "包头市", "Baotou"},
                 {150300, "乌海市", "Wuhai"},
                 {150400, "赤峰市", "Chifeng"},
                 {150500, "通辽市", "Tongliao"},
                 {150600, "鄂尔多斯市", "Ordos"},
                 {150700, "呼伦贝尔市", "Hulunbuir"},
                 {150800, "巴彦淖尔市", "Bayannur"},
                 {150900, "乌兰察布市", "Ulanqab"},
                 {152200, "兴安盟", "Hinggan League"},
                 {152500, "锡林郭勒盟", "Xilingol League"},
                 {152900, "阿拉善盟", "Alxa League"}};
  for (const auto& c : kCities)
    if (c.code == code) return zh ? c.zh : c.en;
  return "";
}

std::string city_label(int64_t code, bool zh) {
  std::string name = city_name(code, zh);
  return name.empty() ? std::to_string(code) : std::to_string(code) + " " + name;
}

std::string routed_text(const ir::Program& p, const Routed& r, bool zh) {
  return p.departments[static_cast<size_t>(r.department)].name + " (" + level_name(r.level, zh) +
         " " + std::to_string(r.unit) +
         (r.lead ? (zh ? ", 牵头)" : ", lead)") : (zh ? ", 配合)" : ", assist)"));
}

int64_t RuleName::findings(const Summary& s) const {
  int64_t n = 0;
  for (int32_t v : versions) n += s.by_rule[static_cast<size_t>(v)];
  return n;
}

std::vector<RuleName> rules_by_name(const ir::Program& p, int64_t as_of) {
  std::vector<RuleName> out;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < p.rules.size(); ++i) {
    const ir::Rule& r = p.rules[i];
    auto [it, fresh] = index.emplace(r.name, out.size());
    if (fresh) out.push_back({r.name, {}, -1});
    RuleName& n = out[it->second];
    n.versions.push_back(static_cast<int32_t>(i));
    bool in_force = as_of >= r.effective && as_of < r.abolished;
    if (in_force || n.shown < 0 ||
        !(as_of >= p.rules[static_cast<size_t>(n.shown)].effective &&
          as_of < p.rules[static_cast<size_t>(n.shown)].abolished))
      n.shown = static_cast<int32_t>(i);
  }
  return out;
}

}  // namespace jianguan::rt
