#include "check/checker.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "eval/evaluator.h"

namespace jianguan::rt {

namespace {

// With several threads the records are cut into this many key ranges per
// thread, so that a thread that is done early takes more (run_parts); but
// at most kSpareRanges more ranges than threads: each range's part of the
// report holds its temporary files open until the end, and 64 threads
// would have needed a thousand. Six a thread: at two threads the last four
// ranges hold a 64th of the entities each, and the thread that ended first
// waited 0.03-0.09 s for the other at 1M entities, against 0.07-0.16 s with
// four a thread (last ranges a 16th). Finer than that, the samples that
// place the cuts are not close enough (key_quantiles.h).
constexpr size_t kRangesPerThread = 6;
constexpr size_t kSpareRanges = 16;

struct Batch {
  std::vector<Record> records;
  std::vector<char> ok;
  std::vector<EntityResult> results;
  std::vector<std::vector<Reject>> rejects;  // rejects read just before record i
  size_t size = 0;
  std::vector<Reject> tail;  // rejects after the last record (source finish)
};

// Hands one batch at a time to the worker thread and waits for it back.
class Handoff {
 public:
  // Gives the worker `b` to evaluate and write; nullptr tells it to stop.
  void give(Batch* b) {
    std::lock_guard<std::mutex> lock(m_);
    job_ = b;
    given_ = true;
    cv_.notify_all();
  }
  // The worker's side: the next batch, or nullptr to stop.
  Batch* take() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return given_; });
    given_ = false;
    return job_;
  }
  void done(std::exception_ptr failed) {
    std::lock_guard<std::mutex> lock(m_);
    failed_ = failed;
    finished_ = true;
    cv_.notify_all();
  }
  // Waits until the batch given last is written; what it threw, if anything.
  std::exception_ptr wait() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return finished_; });
    finished_ = false;
    return failed_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  Batch* job_ = nullptr;
  bool given_ = false, finished_ = false;
  std::exception_ptr failed_;
};

template <typename T>
void add_each(std::vector<T>& to, const std::vector<T>& from) {
  for (size_t i = 0; i < to.size() && i < from.size(); ++i) to[i] += from[i];
}

// Adds what one key range counted to the whole run's summary.
void add(Summary& to, const Summary& from) {
  to.checked += from.checked;
  to.rejected += from.rejected;
  to.events_attached += from.events_attached;
  to.findings += from.findings;
  add_each(to.by_rule, from.by_rule);
  for (int i = 0; i < 3; ++i) to.by_severity[i] += from.by_severity[i];
  add_each(to.by_item, from.by_item);
  add_each(to.by_department, from.by_department);
  for (const auto& [k, v] : from.by_city) to.by_city[k] += v;
  for (size_t m = 0; m < to.grades.size() && m < from.grades.size(); ++m)
    add_each(to.grades[m], from.grades[m]);
  add_each(to.restricted, from.restricted);
  for (const auto& [k, v] : from.unassigned) to.unassigned[k] += v;
  to.repeated_entities += from.repeated_entities;
  to.repeated_groups += from.repeated_groups;
  to.repeated_visits += from.repeated_visits;
  for (const auto& [k, v] : from.repeated_by_pair) to.repeated_by_pair[k] += v;
  to.double_penalty_entities += from.double_penalty_entities;
  to.double_penalty_groups += from.double_penalty_groups;
  for (const auto& [k, v] : from.loop) {
    auto& l = to.loop[k];
    l.fresh += v.fresh;
    l.open += v.open;
    l.resolved += v.resolved;
  }
}

class Runner {
 public:
  Runner(const ir::Program& p, RecordSource& src, const CheckOptions& o, ResultSink& sink,
         Summary& s)
      : p_(p), src_(src), o_(o), sink_(sink), s_(s) {
    // With several threads one reads while the others evaluate.
    int workers = o.threads <= 1 ? 1 : o.threads - 1;
    for (int i = 0; i < workers; ++i) evaluators_.emplace_back(p);
    init(s_);
  }

  bool run(std::string& error) {
    std::vector<std::unique_ptr<RecordSource>> parts;
    std::vector<std::unique_ptr<ResultSink>> sinks;
    if (o_.threads > 1) split(parts, sinks);
    if (!parts.empty()) {
      if (!run_parts(parts, sinks, error)) return false;
    } else {
      std::atomic<bool> never{false};
      if (o_.threads <= 1)
        check_all(src_, sink_, s_, 0, never);
      else
        pipeline();
      if (cancelled()) {
        error = "interrupted";
        return false;
      }
      if (!finish(src_, sink_, error)) return false;
      count(src_);
    }
    if (o_.previous) {
      s_.compared = true;
      for (const auto& [key, e] : o_.previous->by_key)
        if (!e.seen) ++s_.loop[e.lead].resolved;
    }
    return true;
  }

 private:
  // With threads: the source cut into key ranges, and a sink for the second
  // range; nothing when either cannot be had. The second range's sink tells
  // whether the sink can be cut at all; the others are made as their
  // ranges start, so that only the ranges being read hold write buffers.
  void split(std::vector<std::unique_ptr<RecordSource>>& parts,
             std::vector<std::unique_ptr<ResultSink>>& sinks) {
    std::string error;
    auto second = sink_.fork(error);
    if (!second) return;
    const auto threads = static_cast<size_t>(o_.threads);
    parts = src_.split(std::min(threads * kRangesPerThread, threads + kSpareRanges), threads);
    if (parts.empty()) return;
    sinks.resize(parts.size());
    sinks[1] = std::move(second);
  }

  // The key ranges of the source are read, evaluated and written by the
  // threads, each taking the next range when it is done with one, into a
  // sink for the range; the sinks are joined in key order at the end. A
  // record is built, checked and written on one core: with one thread
  // building records for another to check, every record crossed cores, and
  // two threads were only 1.33x as fast as one. There are more ranges than
  // threads so that a thread that ends its range early takes more: with one
  // range each, on a host whose second core ran a third slower, one thread
  // went on alone for a fifth of the run.
  bool run_parts(std::vector<std::unique_ptr<RecordSource>>& parts,
                 std::vector<std::unique_ptr<ResultSink>>& sinks, std::string& error) {
    const size_t n = parts.size();
    const size_t workers = std::min(n, static_cast<size_t>(o_.threads));
    while (evaluators_.size() < workers) evaluators_.emplace_back(p_);
    std::vector<Summary> sums(n);
    std::vector<std::string> errors(n);
    std::vector<std::exception_ptr> failed(n);
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};  // a range failed: the others need not go on
    std::mutex forking;             // fork() is not asked to be safe on two threads at once
    auto range = [&](size_t i, size_t worker) {
      try {
        init(sums[i]);
        if (i > 0 && !sinks[i]) {
          std::lock_guard<std::mutex> lock(forking);
          sinks[i] = sink_.fork(errors[i]);
        }
        if (i > 0 && !sinks[i]) {
          if (errors[i].empty()) errors[i] = "a part of the report could not be made";
          stop = true;
          return;
        }
        ResultSink& sink = i == 0 ? sink_ : *sinks[i];
        check_all(*parts[i], sink, sums[i], worker, stop);
        if (!cancelled() && !stop && !finish(*parts[i], sink, errors[i])) stop = true;
        if (i > 0) sink.seal();
      } catch (...) {
        failed[i] = std::current_exception();
        stop = true;
      }
    };
    auto work = [&](size_t worker) {
      for (size_t i = next++; i < n && !stop && !cancelled(); i = next++) range(i, worker);
    };
    std::vector<std::thread> threads;
    try {
      for (size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
    } catch (const std::system_error&) {
      // Fewer threads: the ranges are shared among those there are.
    }
    work(0);
    for (auto& t : threads) t.join();
    for (const auto& f : failed)
      if (f) std::rethrow_exception(f);
    if (cancelled()) {
      error = "interrupted";
      return false;
    }
    for (const auto& e : errors)
      if (!e.empty()) {
        error = e;
        return false;
      }
    for (size_t i = 0; i < n; ++i) {
      add(s_, sums[i]);
      count(*parts[i]);
      if (i > 0) sink_.join(*sinks[i]);
    }
    return true;
  }

  // Reads, evaluates (with evaluator `worker`) and writes every record of
  // `src`, batch by batch, until it ends, the run is cancelled or `stop`.
  void check_all(RecordSource& src, ResultSink& sink, Summary& s, size_t worker,
                 const std::atomic<bool>& stop) {
    Batch b;
    size_t reads = 0;
    for (bool more = true; more && !cancelled() && !stop;) {
      more = read(src, b, reads);
      evaluate(b, 0, b.size, worker);
      emit(b, sink, s);
    }
  }

  // The source's end: what failed, or the event rows no entity claimed.
  static bool finish(RecordSource& src, ResultSink& sink, std::string& error) {
    if (!src.error().empty()) {
      error = src.error();
      return false;
    }
    std::vector<Reject> tail;
    src.finish(tail);
    // Reading the events left over can fail too.
    if (!src.error().empty()) {
      error = src.error();
      return false;
    }
    for (const auto& r : tail) sink.reject(r);
    return true;
  }

  void count(const RecordSource& src) {
    const auto& c = src.counts();
    s_.records_read += c.entities_read;
    s_.events_read += c.events_read;
    s_.events_rejected += c.events_rejected;
  }

  void init(Summary& s) const {
    s.by_rule.assign(p_.rules.size(), 0);
    s.by_item.assign(p_.items.size(), 0);
    s.by_department.assign(p_.departments.size(), 0);
    s.restricted.assign(10, 0);
    for (const auto& m : p_.credit_models) s.grades.emplace_back(m.grades.size() + 1, 0);
  }

  // Two batches in flight: a worker thread evaluates one and writes it out
  // while this thread gathers the next. Merging rows into records is the
  // longest chain of a run, so this thread does nothing else; writing the
  // report (a third of the time of a JSON report) goes with evaluating, and
  // batches are still written in order. The worker lives for the whole run:
  // a thread per batch was 250 thread starts per million records.
  void pipeline() {
    Batch batches[2];
    Batch *eval = &batches[0], *next = &batches[1];
    size_t reads = 0;
    bool more = read(src_, *eval, reads);
    Handoff handoff;
    std::thread worker([&] {
      while (Batch* b = handoff.take()) {
        std::exception_ptr failed;
        try {
          evaluate_parallel(*b);
          emit(*b, sink_, s_);
        } catch (...) {
          failed = std::current_exception();
        }
        handoff.done(failed);
      }
    });
    std::exception_ptr failed;
    for (;;) {
      handoff.give(eval);
      bool have_next = more && !cancelled();
      bool next_more = false;
      std::exception_ptr read_failed;  // kept until the worker is done too
      try {
        next_more = have_next && read(src_, *next, reads);
      } catch (...) {
        read_failed = std::current_exception();
      }
      failed = handoff.wait();
      if (!failed) failed = read_failed;
      if (!have_next || failed) break;
      std::swap(eval, next);
      more = next_more;
    }
    handoff.give(nullptr);
    worker.join();
    if (failed) std::rethrow_exception(failed);
  }

  bool cancelled() const { return o_.cancel && o_.cancel->load(); }

  // Fills `b` with up to o_.batch records; false when the source is done.
  bool read(RecordSource& src, Batch& b, size_t& reads) {
    b.size = 0;
    // Each record slot keeps its buffers for the next record it holds, so it
    // grows to the largest record, event list and findings it has ever held,
    // and over millions of records the rare large ones ratchet memory up
    // (1.8 MB more at 5M records than at 1M). Starting a batch afresh now and
    // then bounds that by a window of records, not the whole run.
    if (++reads % kFreshEvery == 0) {
      b.records.clear();
      b.results.clear();
      b.rejects.clear();
    }
    if (b.records.size() < o_.batch) {
      b.records.resize(o_.batch);
      b.ok.resize(o_.batch);
      b.results.resize(o_.batch);
      b.rejects.resize(o_.batch);
    }
    while (b.size < o_.batch) {
      auto& rej = b.rejects[b.size];
      rej.clear();
      bool ok = false;
      if (!src.next(b.records[b.size], ok, rej)) {
        // Rejected events read while looking for the end belong before it.
        if (!rej.empty()) b.tail = std::move(rej);
        return false;
      }
      b.ok[b.size] = ok;
      ++b.size;
    }
    return true;
  }

  // Sets each finding's closed-loop status and counts it under its lead.
  void mark(EntityResult& r, Summary& s) {
    for (auto& f : r.findings) {
      std::string lead;
      for (const auto& d : f.routed)
        if (d.lead) {
          lead = p_.departments[static_cast<size_t>(d.department)].name;
          break;
        }
      auto it =
          o_.previous->by_key.find(r.id + '\x1f' + p_.rules[static_cast<size_t>(f.rule)].name);
      bool before = it != o_.previous->by_key.end();
      // Key ranges on other threads may mark the same entry: keys are cut
      // as stored, ids compared trimmed ("A" and " A").
      if (before) std::atomic_ref<bool>(it->second.seen).store(true, std::memory_order_relaxed);
      f.status = before ? 2 : 1;
      ++(before ? s.loop[lead].open : s.loop[lead].fresh);
    }
  }

  void evaluate(Batch& b, size_t from, size_t to, size_t worker) {
    for (size_t i = from; i < to; ++i) {
      prefetch_ahead(i, to, [&](size_t j) -> const Record& { return b.records[j]; });
      if (b.ok[i]) evaluators_[worker].evaluate(b.records[i], o_.as_of, b.results[i]);
    }
  }

  void evaluate_parallel(Batch& b) {
    size_t n = evaluators_.size();
    if (n <= 1 || b.size < 64) {
      evaluate(b, 0, b.size, 0);
      return;
    }
    std::vector<std::thread> ts;
    size_t chunk = (b.size + n - 1) / n;
    for (size_t w = 1; w < n; ++w) {
      size_t from = std::min(b.size, w * chunk), to = std::min(b.size, from + chunk);
      ts.emplace_back([this, &b, from, to, w] { evaluate(b, from, to, w); });
    }
    evaluate(b, 0, std::min(b.size, chunk), 0);
    for (auto& t : ts) t.join();
  }

  void emit(Batch& b, ResultSink& sink, Summary& s) {
    for (size_t i = 0; i < b.size; ++i) {
      for (const auto& r : b.rejects[i]) sink.reject(r);
      if (!b.ok[i]) {
        ++s.rejected;
        continue;
      }
      if (o_.previous) mark(b.results[i], s);
      const EntityResult& r = b.results[i];
      ++s.checked;
      s.events_attached += static_cast<int64_t>(b.records[i].event_rows());
      for (const auto& f : r.findings) {
        ++s.findings;
        const ir::Rule& rule = p_.rules[static_cast<size_t>(f.rule)];
        ++s.by_rule[static_cast<size_t>(f.rule)];
        ++s.by_severity[rule.severity];
        if (rule.item >= 0) ++s.by_item[static_cast<size_t>(rule.item)];
        for (const auto& d : f.routed)
          if (d.lead) ++s.by_department[static_cast<size_t>(d.department)];
        ++s.by_city[r.division / 100 * 100];
      }
      for (const auto& c : r.credit) {
        auto& g = s.grades[static_cast<size_t>(c.model)];
        ++g[c.grade >= 0 ? static_cast<size_t>(c.grade) : g.size() - 1];
      }
      for (const auto& m : r.measures)
        for (const auto& x : m.restrictions) ++s.restricted[static_cast<size_t>(x.restriction)];
      if (!r.responsible) ++s.unassigned[{r.kind, r.division / 100 * 100}];
      if (!r.repeated_visits.empty()) ++s.repeated_entities;
      for (const auto& g : r.repeated_visits) {
        ++s.repeated_groups;
        s.repeated_visits += static_cast<int64_t>(g.visits.size());
        std::set<int32_t> deps;
        for (const auto& v : g.visits) deps.insert(v.second);
        for (auto a = deps.begin(); a != deps.end(); ++a)
          for (auto b = std::next(a); b != deps.end(); ++b) ++s.repeated_by_pair[{*a, *b}];
      }
      if (!r.repeated_penalties.empty()) ++s.double_penalty_entities;
      s.double_penalty_groups += static_cast<int64_t>(r.repeated_penalties.size());
      sink.entity(r);
    }
    for (const auto& r : b.tail) sink.reject(r);
    b.tail.clear();
    b.size = 0;
  }

  const ir::Program& p_;
  RecordSource& src_;
  const CheckOptions& o_;
  ResultSink& sink_;
  Summary& s_;
  std::vector<Evaluator> evaluators_;
  static constexpr size_t kFreshEvery = 64;
};

}  // namespace

bool run_check(const ir::Program& p, RecordSource& source, const CheckOptions& o, ResultSink& sink,
               Summary& summary, std::string& error) {
  return Runner(p, source, o, sink, summary).run(error);
}

}  // namespace jianguan::rt

#include <sqlite3.h>

namespace jianguan::rt {

bool PreviousFindings::load(const std::string& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    error = "cannot open previous results `" + path + "`";
    sqlite3_close(db);
    return false;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT entity, rule, lead_department FROM findings", -1, &st,
                         nullptr) != SQLITE_OK) {
    error =
        "`" + path + "` is not the --format sqlite output of jianguan check: " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return false;
  }
  auto text = [&](int col) {
    const unsigned char* t = sqlite3_column_text(st, col);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  while (sqlite3_step(st) == SQLITE_ROW) by_key[text(0) + '\x1f' + text(1)] = {text(2), false};
  sqlite3_finalize(st);
  sqlite3_close(db);
  return true;
}

}  // namespace jianguan::rt
