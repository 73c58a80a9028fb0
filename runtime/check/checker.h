// The batch check: reads every record of a source, evaluates it, and hands
// results to a sink in input order. With several threads, reading and
// evaluation overlap and batches are split, but results are still emitted
// in input order, so output is the same byte for byte whatever the count.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "eval/results.h"
#include "lower/program.h"
#include "sources/source.h"

namespace jianguan::rt {

struct CheckOptions {
  int64_t as_of = 0;  // days since 1970
  int threads = 1;
  size_t batch = 4096;
  // Set from a signal handler to stop early; the run then fails.
  const std::atomic<bool>* cancel = nullptr;
};

struct Summary {
  int64_t records_read = 0, checked = 0, rejected = 0;
  int64_t events_read = 0, events_attached = 0, events_rejected = 0;
  int64_t findings = 0;
  std::vector<int64_t> by_rule;              // per rule
  int64_t by_severity[3] = {0, 0, 0};        // error, warning, info
  std::vector<int64_t> by_item;              // per item
  std::vector<int64_t> by_department;        // findings routed (lead) per department
  std::map<int64_t, int64_t> by_city;        // findings per league/city division
  std::vector<std::vector<int64_t>> grades;  // per credit model, per grade (+1: no grade)
  std::vector<int64_t> restricted;           // per restriction id: entities restricted
  std::map<std::pair<int32_t, int64_t>, int64_t>
      unassigned;  // (kind, city) -> entities no one leads
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void entity(const EntityResult& r) = 0;
  virtual void reject(const Reject& r) = 0;
};

// Returns false with `error` set when the source fails or the run is
// cancelled; the summary then describes what was done so far.
bool run_check(const ir::Program& p, RecordSource& source, const CheckOptions& o, ResultSink& sink,
               Summary& summary, std::string& error);

}  // namespace jianguan::rt
