// Findings as SARIF 2.1.0: each result points at the rule that found it,
// and names the entity in its message and properties.
#include <memory>
#include <utility>
#include <vector>

#include "ast/ast.h"
#include "report/atomic_file.h"
#include "report/item_section.h"
#include "report/json_parts.h"

namespace jianguan::rt {

namespace {

class SarifReport final : public Report {
 public:
  SarifReport(const ReportContext& ctx, std::string out) : ctx_(ctx), out_(std::move(out)) {}
  const ItemSection& results() const { return results_; }

  void entity(const EntityResult& r) override {
    const ir::Program& p = *ctx_.program;
    for (const auto& f : r.findings) {
      const auto& rule = p.rules[static_cast<size_t>(f.rule)];
      std::string buf;
      JsonWriter w(buf, false);
      w.begin_object().field("ruleId", rule.name);
      w.field("level", rule.severity == 0 ? "error" : rule.severity == 1 ? "warning" : "note");
      w.key("message")
          .begin_object()
          .field("text", r.id + ": " + (ctx_.zh ? rule.message_zh : rule.message_en))
          .end_object();
      w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation").begin_object().field("uri", rule.where.file).end_object();
      w.key("region")
          .begin_object()
          .field("startLine", static_cast<int64_t>(rule.where.line))
          .field("startColumn", static_cast<int64_t>(rule.where.column))
          .field("endLine", static_cast<int64_t>(rule.where.line))
          .field("endColumn", static_cast<int64_t>(rule.where.column + 1))
          .end_object();
      w.end_object().end_object().end_array();
      w.key("properties").begin_object().field("entity", r.id);
      for (const auto& [k, v] : f.evidence) w.field(k, v);
      w.end_object().end_object();
      results_.add(buf);
    }
  }
  void reject(const Reject&) override {}
  std::unique_ptr<ResultSink> fork(std::string& error) override {
    auto part = std::make_unique<SarifReport>(ctx_, std::string());
    if (!part->results_.ok()) {
      error = part->results_.error();
      return nullptr;
    }
    return part;
  }
  void join(ResultSink& sink) override { results_.join(static_cast<SarifReport&>(sink).results_); }
  void seal() override { results_.seal(); }

  bool finish(const Summary&, std::string& error) override {
    const ir::Program& p = *ctx_.program;
    std::string head;
    JsonWriter w(head);
    w.begin_object()
        .field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        .field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool")
        .begin_object()
        .key("driver")
        .begin_object()
        .field("name", "jianguan")
        .field("version", ctx_.tool_version);
    // SARIF rule ids are unique: one entry per rule name, however many
    // versions it has, described by the version in force on the as-of date.
    w.key("rules").begin_array();
    for (const auto& n : rules_by_name(p, ast::parse_date(ctx_.as_of).value_or(0))) {
      const ir::Rule& r = p.rules[static_cast<size_t>(n.shown)];
      w.begin_object().field("id", r.name);
      w.key("shortDescription")
          .begin_object()
          .field("text", ctx_.zh ? r.message_zh : r.message_en)
          .end_object();
      w.end_object();
    }
    w.end_array().end_object().end_object();
    w.field("columnKind", "unicodeCodePoints");
    AtomicFile out;
    if (!out.open(out_, error)) return false;
    std::fwrite(head.data(), 1, head.size(), out.file());
    std::fputs(",\n\"results\": [\n", out.file());
    if (!results_.copy_to(out, "", "", error)) return false;
    std::fputs("\n]}]}\n", out.file());
    return out.commit(error);
  }

 private:
  ReportContext ctx_;
  std::string out_;
  ItemSection results_{""};
};

}  // namespace

std::unique_ptr<Report> make_sarif_report(const ReportContext& ctx, const std::string& out,
                                          std::string& error) {
  auto r = std::make_unique<SarifReport>(ctx, out);
  if (!r->results().ok()) {
    error = r->results().error();
    return nullptr;
  }
  return r;
}

std::unique_ptr<Report> make_report(const std::string& format, const std::string& out,
                                    const ReportContext& ctx, std::string& error) {
  if (format == "json") return make_json_report(ctx, out, error);
  if (format == "text") return make_text_report(ctx, out, error);
  if (format == "csv") return make_csv_report(ctx, out, error);
  if (format == "sarif") return make_sarif_report(ctx, out, error);
  if (format == "sqlite") return make_sqlite_report(ctx, out, error);
  if (format == "html") return make_html_report(ctx, out, error);
  error = "unknown report format `" + format + "`";
  return nullptr;
}

}  // namespace jianguan::rt
