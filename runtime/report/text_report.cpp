// The report for people at a terminal: the accounting, then findings by
// item, department, league/city and severity, grades, restrictions,
// unassigned entities, and the first findings and rejects in full.
#include <algorithm>
#include <cstdio>

#include "report/atomic_file.h"
#include "report/json_parts.h"
#include "source/source_file.h"

namespace jianguan::rt {

namespace {

constexpr size_t kShown = 20;  // findings and rejects listed in full

std::string pad(const std::string& s, uint32_t width) {
  uint32_t w = display_width(s);
  return s + std::string(w < width ? width - w : 1, ' ');
}

class TextReport final : public Report {
 public:
  TextReport(const ReportContext& ctx, std::string out) : ctx_(ctx), out_(std::move(out)) {}

  void entity(const EntityResult& r) override {
    for (const auto& f : r.findings) {
      if (shown_.size() >= kShown) break;
      std::string line =
          "  " + r.id + "  " + ctx_.program->rules[static_cast<size_t>(f.rule)].name + ": ";
      const auto& rule = ctx_.program->rules[static_cast<size_t>(f.rule)];
      line += ctx_.zh ? rule.message_zh : rule.message_en;
      std::string ev;
      for (const auto& [k, v] : f.evidence) ev += (ev.empty() ? "" : ", ") + k + "=" + v;
      if (!ev.empty()) line += "  [" + ev + "]";
      if (!f.routed.empty()) line += "  -> " + routed_text(*ctx_.program, f.routed[0], ctx_.zh);
      shown_.push_back(line);
    }
  }

  void reject(const Reject& r) override {
    if (rejects_.size() < kShown)
      rejects_.push_back("  " + r.table + " row " + std::to_string(r.row) +
                         (r.key.empty() ? "" : " (" + r.key + ")") + ": " + r.reason);
  }

  std::unique_ptr<ResultSink> fork(std::string&) override {
    return std::make_unique<TextReport>(ctx_, std::string());
  }
  void join(ResultSink& sink) override {
    auto& part = static_cast<TextReport&>(sink);
    for (const auto& l : part.shown_)
      if (shown_.size() < kShown) shown_.push_back(l);
    for (const auto& l : part.rejects_)
      if (rejects_.size() < kShown) rejects_.push_back(l);
  }

  bool finish(const Summary& s, std::string& error) override {
    const ir::Program& p = *ctx_.program;
    bool zh = ctx_.zh;
    std::string o;
    auto line = [&](const std::string& l) { o += l + "\n"; };
    auto num = [](int64_t n) { return std::to_string(n); };
    line((zh ? "规则集 " : "Ruleset ") + p.ruleset + (p.version.empty() ? "" : " " + p.version) +
         "  (hash " + p.hash + ")");
    line((zh ? "基准日 " : "As of ") + ctx_.as_of + (zh ? "    数据 " : "    data ") +
         ctx_.data_source);
    line("");
    line(zh ? "记录核算 / accounting" : "Accounting");
    line("  " + pad(zh ? "读取主体" : "records read", 16) + num(s.records_read));
    line("  " + pad(zh ? "已检查" : "checked", 16) + num(s.checked));
    line("  " + pad(zh ? "已拒收" : "rejected", 16) + num(s.rejected));
    line("  " + pad(zh ? "事件 读取/关联/拒收" : "events read/attached/rejected", 16) +
         num(s.events_read) + " / " + num(s.events_attached) + " / " + num(s.events_rejected));
    line("");
    line((zh ? "违规 " : "Findings ") + num(s.findings) + (zh ? "  (错误 " : "  (errors ") +
         num(s.by_severity[0]) + (zh ? "，警告 " : ", warnings ") + num(s.by_severity[1]) +
         (zh ? "，信息 " : ", info ") + num(s.by_severity[2]) + ")");
    auto table = [&](const std::string& title, std::vector<std::pair<std::string, int64_t>> rows) {
      rows.erase(
          std::remove_if(rows.begin(), rows.end(), [](const auto& r) { return r.second == 0; }),
          rows.end());
      if (rows.empty()) return;
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      line("");
      line(title);
      for (const auto& [k, v] : rows) line("  " + pad(k, 28) + num(v));
    };
    std::vector<std::pair<std::string, int64_t>> rows;
    for (size_t i = 0; i < p.items.size(); ++i)
      rows.push_back({p.items[i].name + " " + p.items[i].title, s.by_item[i]});
    table(zh ? "按事项" : "By item", rows);
    rows.clear();
    for (size_t i = 0; i < p.departments.size(); ++i)
      rows.push_back({p.departments[i].name, s.by_department[i]});
    table(zh ? "按牵头部门" : "By lead department", rows);
    rows.clear();
    for (const auto& [city, n] : s.by_city) rows.push_back({city_label(city, zh), n});
    table(zh ? "按盟市" : "By league/city", rows);
    for (size_t m = 0; m < p.credit_models.size(); ++m) {
      line("");
      line((zh ? "信用等级 " : "Credit grades ") + p.credit_models[m].name);
      std::string g;
      for (size_t i = 0; i < p.credit_models[m].grades.size(); ++i)
        g += "  " + p.credit_models[m].grades[i].name + " " + num(s.grades[m][i]);
      if (s.grades[m].back()) g += (zh ? "  无等级 " : "  none ") + num(s.grades[m].back());
      line(g);
    }
    rows.clear();
    for (size_t i = 0; i < s.restricted.size(); ++i)
      rows.push_back({restriction_name(static_cast<int>(i), zh), s.restricted[i]});
    table(zh ? "受限制主体" : "Entities restricted", rows);
    if (!s.unassigned.empty()) {
      line("");
      line(zh ? "无牵头部门的主体（监管空白）" : "Entities no department leads (gaps)");
      for (const auto& [key, n] : s.unassigned)
        line("  " + pad(key.first >= 0 ? p.kinds[static_cast<size_t>(key.first)] : "?", 20) +
             pad(city_label(key.second, zh), 24) + num(n));
    }
    if (s.repeated_groups > 0) {
      line("");
      line(zh ? "多头重复检查（可合并为一次联合检查）"
              : "Repeated inspections (could have been one joint visit)");
      line("  " + pad(zh ? "涉及主体" : "entities", 16) + num(s.repeated_entities));
      line("  " + pad(zh ? "检查次数" : "visits", 16) + num(s.repeated_visits) +
           (zh ? "，可减少 " : ", saving ") + num(s.repeated_visits - s.repeated_groups) +
           (zh ? " 次" : " visits"));
      rows.clear();
      for (const auto& [pair, n] : s.repeated_by_pair)
        rows.push_back({p.departments[static_cast<size_t>(pair.first)].name + " + " +
                            p.departments[static_cast<size_t>(pair.second)].name,
                        n});
      table(zh ? "按部门组合" : "By department pair", rows);
    }
    if (s.compared) {
      line("");
      line(zh ? "与上次结果对比（新增 / 仍未整改 / 已整改）"
              : "Against the previous run (new / still open / resolved)");
      for (const auto& [lead, l] : s.loop)
        line("  " + pad(lead.empty() ? "-" : lead, 16) + num(l.fresh) + " / " + num(l.open) +
             " / " + num(l.resolved));
    }
    if (s.double_penalty_groups > 0) {
      line("");
      line((zh ? "同一行为重复处罚：主体 " : "Penalised twice for one conduct: entities ") +
           num(s.double_penalty_entities) + (zh ? "，组数 " : ", cases ") +
           num(s.double_penalty_groups));
    }
    if (!shown_.empty()) {
      line("");
      line(zh ? "前 " + num(static_cast<int64_t>(shown_.size())) + " 条违规"
              : "First " + num(static_cast<int64_t>(shown_.size())) + " findings");
      for (const auto& l : shown_) line(l);
    }
    if (!rejects_.empty()) {
      line("");
      line(zh ? "拒收记录" : "Rejected records");
      for (const auto& l : rejects_) line(l);
    }
    AtomicFile out;
    if (!out.open(out_, error)) return false;
    std::fwrite(o.data(), 1, o.size(), out.file());
    return out.commit(error);
  }

 private:
  ReportContext ctx_;
  std::string out_;
  std::vector<std::string> shown_, rejects_;
};

}  // namespace

std::unique_ptr<Report> make_text_report(const ReportContext& ctx, const std::string& out,
                                         std::string&) {
  return std::make_unique<TextReport>(ctx, out);
}

}  // namespace jianguan::rt
