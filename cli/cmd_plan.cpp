#include <iostream>

#include "commands.h"

namespace jianguan::cli {

Action add_plan(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> ruleset;
    PlanRequest req;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "plan", "Draw the 双随机 joint inspection plan for a period, reproducible from its seed");
  cmd->add_option("ruleset", o->ruleset, "Rule files or folders")->required();
  cmd->add_option("--data", o->req.data,
                  "SQLite database (with an `inspectors` table), CSV or JSON Lines")
      ->required();
  cmd->add_option("--data-format", o->req.data_format, "Force the data format")
      ->check(CLI::IsMember({"sqlite", "csv", "jsonl"}));
  cmd->add_option("--seed", o->req.seed, "The published seed of the draw")->required();
  cmd->add_option("--period", o->req.period, "2024, 2024Q3, 2024-07 or 2024-07-01..2024-09-30")
      ->required();
  cmd->add_option("--as-of", o->req.as_of,
                  "Date of the credit grades (default: the period's first day)");
  cmd->add_option("--inspectors", o->req.inspectors_per_department,
                  "Inspectors per department and visit")
      ->check(CLI::Range(1, 10))
      ->capture_default_str();
  cmd->add_option("--format", o->req.format, "Output: text, csv, json or sqlite")
      ->check(CLI::IsMember({"text", "csv", "json", "sqlite"}))
      ->capture_default_str();
  cmd->add_option("--out", o->req.out, "Write the plan to this file (required for sqlite)");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    auto rs = load_ruleset(o->ruleset, common);
    if (!rs) return kBadInput;
    o->req.zh = common.zh();
    PlanOutcome r = plan(*rs, o->req);
    if (!r.ok) {
      std::cerr << "jianguan: " << r.error << "\n";
      return kBadInput;
    }
    if (!o->req.out.empty() && o->req.out != "-") std::cerr << r.summary;
    return kClean;
  };
}

Action add_restrictions(CLI::App& app, const Common& common) {
  struct Opts {
    std::vector<std::string> ruleset;
    RestrictionQuery q;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "restrictions",
      "Is one entity restricted (失信联合惩戒), and why? Exit 0 allowed, 1 restricted");
  cmd->add_option("ruleset", o->ruleset, "Rule files or folders")->required();
  cmd->add_option("--data", o->q.data, "SQLite database, CSV or JSON Lines")->required();
  cmd->add_option("--data-format", o->q.data_format, "Force the data format")
      ->check(CLI::IsMember({"sqlite", "csv", "jsonl"}));
  cmd->add_option("--entity", o->q.entity, "The entity's key (统一社会信用代码)")->required();
  cmd->add_option("--for", o->q.measure, "Only this measure, e.g. 政府采购 or procurement");
  cmd->add_option("--as-of", o->q.as_of, "Date of the question (default today)");
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    auto rs = load_ruleset(o->ruleset, common);
    if (!rs) return kBadInput;
    if (o->q.as_of.empty()) o->q.as_of = today();
    RestrictionAnswer a = query_restrictions(*rs, o->q);
    if (!a.ok) {
      std::cerr << "jianguan: " << a.error << "\n";
      return kBadInput;
    }
    bool zh = common.zh();
    std::cout << o->q.entity << (zh ? "  信用等级 " : "  grade ")
              << (a.decision.grade.empty() ? "-" : a.decision.grade)
              << (zh ? "  分数 " : "  score ") << a.decision.score << "\n";
    for (const auto& r : a.decision.restrictions)
      if (o->q.measure.empty() || r.restriction == o->q.measure || r.restriction_en == o->q.measure)
        std::cout << (zh ? "  受限：" + r.restriction : "  restricted: " + r.restriction_en)
                  << (zh ? "  依据 " : "  basis ") << r.basis << "\n";
    std::cout << (a.restricted ? (zh ? "结论：受限制\n" : "result: restricted\n")
                               : (zh ? "结论：不受限制\n" : "result: allowed\n"));
    return a.restricted ? kFindings : kClean;
  };
}

}  // namespace jianguan::cli
