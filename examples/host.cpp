// A host system (say, a government procurement platform) asking Jianguan
// whether an entity may bid. It compiles the ruleset once, then evaluates
// single entities in microseconds. Built and run by the tests.
//
//   host RULESET_DIR
#include <chrono>
#include <iostream>

#include "jianguan/jianguan.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: host RULESET_DIR\n";
    return 2;
  }
  jianguan::Compiled compiled = jianguan::compile({argv[1]});
  if (!compiled.ruleset) {
    std::cerr << compiled.render_diagnostics("text", false);
    return 2;
  }
  jianguan::Session session(compiled.ruleset);

  // A bottled-gas station with an expired licence, six cylinders on site and
  // two penalties this year, one of them heavy.
  jianguan::EntityInput e;
  e.fields = {{"uscc", "911501021000000160"},
              {"name", "青城燃气站"},
              {"kind", "燃气站"},
              {"division", "150102"},
              {"expiry", "2024-01-01"},
              {"cylinders", "6"},
              {"dishonest", "0"}};
  e.events["penalties"] = {
      {{"uscc", "911501021000000160"}, {"date", "2024-03-01"}, {"amount", "20000"}},
      {{"uscc", "911501021000000160"}, {"date", "2024-05-01"}, {"amount", "3000"}}};
  jianguan::Decision d = session.evaluate(e, "2024-06-30");
  if (!d.ok) {
    std::cerr << "cannot evaluate: " << d.error << "\n";
    return 2;
  }
  std::cout << "grade " << d.grade << " score " << d.score << "\n";
  for (const auto& f : d.findings)
    std::cout << "finding " << f.rule << ": " << f.message_en << "\n";
  std::cout << "may bid: "
            << (d.restricted("bidding") || d.restricted("procurement") ? "no" : "yes") << "\n";
  for (const auto& r : d.restrictions)
    std::cout << "restricted: " << r.restriction_en << " (" << r.basis << ")\n";

  // One evaluation is what a host pays per question.
  const int n = 20000;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) session.evaluate(e, "2024-06-30");
  double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
  std::cerr << "one evaluation: " << us << " microseconds\n";
  return 0;
}
