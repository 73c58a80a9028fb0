// Evaluation alone: records read once into memory, then evaluated
// repeatedly by one thread; prints records per second. No I/O is timed.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "compile.h"
#include "eval/evaluator.h"
#include "lower/lower.h"
#include "sources/source.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: eval_bench DB AS_OF RULE_PATH...\n";
    return 2;
  }
  std::vector<std::string> paths(argv + 3, argv + argc);
  auto compilation = jianguan::compile(paths, jianguan::CompileOptions{});
  if (compilation->diags.has_errors()) {
    std::cerr << "the benchmark rules have errors; run jianguan lint on them\n";
    return 2;
  }
  const jianguan::ir::Program p = jianguan::lower(*compilation);
  std::string error;
  auto src = jianguan::rt::open_source(p, argv[1], "", 1, error);
  if (!src) {
    std::cerr << error << "\n";
    return 2;
  }
  std::vector<jianguan::rt::Record> records;
  std::vector<jianguan::rt::Reject> rejects;
  for (;;) {
    records.emplace_back();
    bool ok = false;
    if (!src->next(records.back(), ok, rejects)) {
      records.pop_back();
      break;
    }
    if (!ok) records.pop_back();
  }
  // Each record's values are one buffer, allocated as it was read, so the
  // records lie in memory in reading order, as a batch of the checker does.
  int64_t as_of = *jianguan::ast::parse_date(argv[2]);
  jianguan::rt::Evaluator ev(p);
  jianguan::rt::EntityResult res;
  int64_t findings = 0;
  size_t rounds = records.size() >= 500000 ? 2 : 60;
  // Per core means per CPU-second of this thread: the figure does not drop
  // when another process shares the core.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  // The rounds run in blocks of a tenth; the fastest block is reported
  // beside the whole, since a virtual machine's CPU-seconds stretch when
  // its host is busy.
  size_t block = std::max<size_t>(1, rounds / 10);
  double best_block = 0;
  double c0 = cpu_now();
  auto t0 = std::chrono::steady_clock::now();
  for (size_t k = 0; k < rounds; k += block) {
    double b0 = cpu_now();
    for (size_t kk = k; kk < std::min(rounds, k + block); ++kk)
      for (size_t i = 0; i < records.size(); ++i) {
        jianguan::rt::prefetch_ahead(
            i, records.size(), [&](size_t j) -> const jianguan::rt::Record& { return records[j]; });
        const auto& r = records[i];
        ev.evaluate(r, as_of, res);
        findings += static_cast<int64_t>(res.findings.size());
      }
    double rate =
        static_cast<double>(records.size() * (std::min(rounds, k + block) - k)) / (cpu_now() - b0);
    best_block = std::max(best_block, rate);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = cpu_now() - c0;
  double n = static_cast<double>(records.size() * rounds);
  std::cout << "records " << records.size() << " rounds " << rounds << " findings "
            << findings / static_cast<int64_t>(rounds) << " seconds " << secs << " cpu_seconds "
            << cpu << " records_per_second " << static_cast<int64_t>(n / cpu)
            << " fastest_block_records_per_second " << static_cast<int64_t>(best_block) << "\n";
  return 0;
}
