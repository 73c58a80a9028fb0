// The batch check: reads every record of a source, evaluates it, and hands
// results to a sink in input order. With several threads the records are
// cut into key ranges, which the threads take one at a time as they free
// up, each read, evaluated and written into a part of the sink
// (ResultSink::fork), and the parts joined in order; a source or sink that
// cannot be cut has reading and evaluation overlap instead. Either way the
// output is the same byte for byte whatever the count.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/results.h"
#include "lower/program.h"
#include "sources/source.h"

namespace jianguan::rt {

// The findings of an earlier run (its --format sqlite output), for the
// closed loop (提交、处置、反馈闭环): each finding now is new or still open,
// and each earlier one not found again is resolved.
struct PreviousFindings {
  struct Entry {
    std::string lead;  // lead department then
    bool seen = false;
  };
  std::unordered_map<std::string, Entry> by_key;  // entity + '\x1f' + rule
  // Loads `path`; false with `error` set when it is not such a database.
  bool load(const std::string& path, std::string& error);
};

struct CheckOptions {
  int64_t as_of = 0;  // days since 1970
  int threads = 1;
  // Records read before they are evaluated. A batch of 4096 (some 12 MB of
  // records) no longer fit the cache between building and evaluating it:
  // 512 took 10% off a 1M-entity check with one thread and 12 MiB off its
  // peak, and was no slower with two.
  size_t batch = 512;
  // Set from a signal handler to stop early; the run then fails.
  const std::atomic<bool>* cancel = nullptr;
  PreviousFindings* previous = nullptr;
};

// What a run counted. With threads each key range counts its own, added up
// at the end (add() in checker.cpp: a new field goes there too).
struct Summary {
  int64_t records_read = 0, checked = 0, rejected = 0;
  int64_t events_read = 0, events_attached = 0, events_rejected = 0;
  int64_t findings = 0;
  std::vector<int64_t> by_rule;              // per rule (each version apart; see rules_by_name)
  int64_t by_severity[3] = {0, 0, 0};        // error, warning, info
  std::vector<int64_t> by_item;              // per item
  std::vector<int64_t> by_department;        // findings routed (lead) per department
  std::map<int64_t, int64_t> by_city;        // findings per league/city division
  std::vector<std::vector<int64_t>> grades;  // per credit model, per grade (+1: no grade)
  std::vector<int64_t> restricted;           // per restriction id: entities restricted
  std::map<std::pair<int32_t, int64_t>, int64_t>
      unassigned;  // (kind, city) -> entities no one leads
  // 多头重复检查: entities with visits by several departments in one window.
  int64_t repeated_entities = 0, repeated_groups = 0, repeated_visits = 0;
  std::map<std::pair<int32_t, int32_t>, int64_t> repeated_by_pair;  // departments (a < b) -> groups
  // 重复处罚: entities penalised twice for one conduct on one basis.
  int64_t double_penalty_entities = 0, double_penalty_groups = 0;
  // Closed loop against --previous, per lead department ("" when none).
  bool compared = false;
  struct Loop {
    int64_t fresh = 0, open = 0, resolved = 0;
  };
  std::map<std::string, Loop> loop;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void entity(const EntityResult& r) = 0;
  virtual void reject(const Reject& r) = 0;
  // A sink for records that come after all of this one's, to be given them
  // on another thread while this one is given its own. Null with `error`
  // empty when this kind of sink cannot make one (the records then all go
  // through it, in order), with `error` set when one could not be made (no
  // temporary file). Called while other threads give this sink or its
  // parts results: it may read only what they do not change.
  virtual std::unique_ptr<ResultSink> fork(std::string& /*error*/) { return nullptr; }
  // Takes in what `part`, made by this sink's fork(), was given, as if it
  // had been given here after everything else.
  virtual void join(ResultSink& /*part*/) {}
  // Called on a part made by fork() once it has been given everything, some
  // time before it is joined: it may give back its write buffers.
  virtual void seal() {}
};

// Returns false with `error` set when the source fails or the run is
// cancelled; the summary then describes what was done so far.
bool run_check(const ir::Program& p, RecordSource& source, const CheckOptions& o, ResultSink& sink,
               Summary& summary, std::string& error);

}  // namespace jianguan::rt
