// Evaluation alone: records read once into memory, then evaluated
// repeatedly by one thread; prints records per second. No I/O is timed.
#include <time.h>

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
  // The source hands rows over by swapping buffers with its recycled chunks,
  // which leaves each record's rows scattered over the heap. Copy them in
  // reading order, as a source that allocated per record would lay them out,
  // so that the figure measures evaluation rather than cache misses of the
  // loading pattern.
  {
    std::vector<jianguan::rt::Record> compact;
    compact.reserve(records.size());
    for (const auto& r : records) compact.push_back(r);
    records.swap(compact);
  }
  // Text values point into each row's own strings, and the copies have new
  // strings: repoint them.
  for (auto& r : records) {
    auto fix = [](jianguan::rt::Row& row) {
      for (size_t i = 0; i < row.values.size(); ++i)
        if (row.values[i].tag == jianguan::ir::Value::Tag::kText)
          row.values[i] = jianguan::ir::Value::text(row.text[i]);
    };
    fix(r.entity);
    for (auto& list : r.events)
      for (size_t i = 0; i < list.size; ++i) fix(list.rows[i]);
  }
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
  double c0 = cpu_now();
  auto t0 = std::chrono::steady_clock::now();
  for (size_t k = 0; k < rounds; ++k)
    for (size_t i = 0; i < records.size(); ++i) {
      jianguan::rt::prefetch_ahead(
          i, records.size(), [&](size_t j) -> const jianguan::rt::Record& { return records[j]; });
      const auto& r = records[i];
      ev.evaluate(r, as_of, res);
      findings += static_cast<int64_t>(res.findings.size());
    }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = cpu_now() - c0;
  double n = static_cast<double>(records.size() * rounds);
  std::cout << "records " << records.size() << " rounds " << rounds << " findings "
            << findings / static_cast<int64_t>(rounds) << " seconds " << secs << " cpu_seconds "
            << cpu << " records_per_second " << static_cast<int64_t>(n / cpu) << "\n";
  return 0;
}
