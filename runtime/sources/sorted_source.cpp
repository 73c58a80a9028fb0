// The merge of sorted tables into records (sorted_source.h).
//
// Each table is read once in storage order, each row converted, and sorted
// by key, then source row, by our own external sort (row_sorter.h), rather
// than walked through a key index: event rows are stored in the order they
// happened, so an index walk jumps to a random page for every row, and on a
// 400 MB file that took twice as long as a sequential scan plus a sort.
// SQLite's sorter (`ORDER BY CAST(key AS TEXT), rowid`) did that sort until
// it was found to be half of a check's time; CSV and JSON Lines files were
// copied into temporary SQLite databases to be sorted by it. Keys are
// compared as the bytes of their text form, whatever types a SQLite key
// column holds.
//
// With several threads as many parts of the tables as threads are read and
// sorted at once, the largest first. A large SQLite table is read as parts
// (sqlite_source.cpp), merged back here by key, then part. Once sorted, the
// records can be cut into key ranges (split()), each merged, checked and
// written on a thread of its own.
#include "sources/sorted_source.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>

#include "sources/key_compare.h"

namespace jianguan::rt {

namespace {

// Each table's sort gathers runs of this size, and reads them back through
// buffers of this much in all.
constexpr size_t kRunBytes = size_t{4} << 20;
constexpr size_t kMergeBytes = size_t{1} << 20;

// A table's row at the head of its stream, valid until the stream moves on:
// its values' text points into the sort's copy of the row.
struct ReadRow {
  const ir::Value* values = nullptr;  // one per field
  std::string_view key;
  int64_t source_row = 0;
  const std::string_view* reason = nullptr;  // set when a cell could not be converted
};

// One part of a table, to be read and sorted.
struct PartSort {
  PartSort(int32_t t, std::unique_ptr<RowInput> in)
      : table(t), input(std::move(in)), size(input->size_hint()) {}
  int32_t table;
  std::unique_ptr<RowInput> input;  // done with once sorted
  RowSorter sorter{kRunBytes, kMergeBytes};
  uint64_t size;
  enum class State { kWaiting, kSorting, kSorted } state = State::kWaiting;
  std::string error;  // what failed, once sorted
};

// Reads and sorts parts on `threads` threads, the largest parts first, so
// that no large part is left to finish alone. A thread per part, all at
// once, shared the cores evenly, and the largest event table (a third of
// the rows) ran alone for the last 0.3 s of 1.45 at 1M entities; fewer
// parts at a time also keep fewer run buffers in memory and in the cache.
class SortPool {
 public:
  SortPool(std::vector<PartSort*> parts, int threads) : order_(std::move(parts)) {
    std::stable_sort(order_.begin(), order_.end(),
                     [](const PartSort* a, const PartSort* b) { return a->size > b->size; });
    if (threads < 2) return;
    try {
      for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
    } catch (const std::system_error&) {
      // Fewer threads, or none: wait() sorts what no thread took.
    }
  }
  SortPool(const SortPool&) = delete;
  SortPool& operator=(const SortPool&) = delete;
  ~SortPool() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
      for (PartSort* p : order_)
        if (p->state == PartSort::State::kSorting) p->input->interrupt();
    }
    for (auto& t : threads_) t.join();
  }

  // Waits until `part` is sorted, sorting it here when the pool has no
  // threads (the pool's own keep to the largest-first order, and no more
  // than --threads sorts run at once); what failed, or "".
  const std::string& wait(PartSort& part) {
    std::unique_lock<std::mutex> lock(m_);
    if (threads_.empty() && part.state == PartSort::State::kWaiting) {
      part.state = PartSort::State::kSorting;
      lock.unlock();
      sort(part);
      return part.error;
    }
    cv_.wait(lock, [&] { return part.state == PartSort::State::kSorted; });
    return part.error;
  }

 private:
  void work() {
    for (;;) {
      PartSort* part = nullptr;
      {
        std::lock_guard<std::mutex> lock(m_);
        while (next_ < order_.size() && order_[next_]->state != PartSort::State::kWaiting) ++next_;
        if (stop_ || next_ == order_.size()) return;
        part = order_[next_++];
        part->state = PartSort::State::kSorting;
      }
      sort(*part);
    }
  }

  void sort(PartSort& part) {
    if (part.input->read(part.sorter, part.error)) part.sorter.finish(part.error);
    // The input (a SQLite connection, a file) is done with.
    std::lock_guard<std::mutex> lock(m_);
    part.input.reset();
    part.state = PartSort::State::kSorted;
    cv_.notify_all();
  }

  std::vector<PartSort*> order_;
  std::mutex m_;  // guards each part's state and input, next_ and stop_
  std::condition_variable cv_;
  size_t next_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// One part's rows in one key range. Rows are decoded from the sort straight
// into the record being built: they went through chunks of 512 rows before,
// filled by a thread per table and handed across, and then copied into the
// record; the merging thread sat idle a third of the time with two threads,
// and decoding where the row is used is one copy fewer.
class PartCursor {
 public:
  PartCursor(size_t fields, std::unique_ptr<SortedRange> range)
      : range_(std::move(range)), values_(fields) {}

  // The row at the head, or nullptr at the end or after an error.
  ReadRow* head() {
    if (have_) return &row_;
    if (done_) return nullptr;
    // The row's parts are read where they are used, not through a
    // SortedRow: perf put store-forwarding stalls on copying one.
    const char* r = range_->next_row(error_);
    if (!r) {
      done_ = true;
      return nullptr;
    }
    using namespace row_form;
    row_.key = row_key(r);
    row_.source_row = row_id(r);
    reason_ = row_reason(r, row_.key);
    row_.reason = row_has_reason(r) ? &reason_ : nullptr;
    decode_cells(reason_.data() + reason_.size(), row_.key, values_.size(), values_.data());
    row_.values = values_.data();
    have_ = true;
    return &row_;
  }
  void advance() { have_ = false; }
  const std::string& error() const { return error_; }

 private:
  std::unique_ptr<SortedRange> range_;
  std::vector<ir::Value> values_;
  ReadRow row_;
  std::string_view reason_;
  bool have_ = false, done_ = false;
  std::string error_;
};

// One table in one key range as one stream, merged from its parts: the row
// with the smallest key, and on equal keys the earlier part, whose rowids
// are lower, so the order is that of a single sorted query.
class TableFeed {
 public:
  TableFeed(const ir::Program& p, int32_t table) : p_(p), table_(table) {}
  void add(std::unique_ptr<SortedRange> range) {
    parts_.push_back(std::make_unique<PartCursor>(table().fields.size(), std::move(range)));
  }

  // The head is looked at several times a row; the parts are compared once.
  ReadRow* head() {
    if (parts_.size() == 1) return parts_[0]->head();
    if (known_) return best_;
    best_ = nullptr;
    for (size_t i = 0; i < parts_.size(); ++i) {
      ReadRow* r = parts_[i]->head();
      if (r && (!best_ || key_less(r->key, best_->key))) {
        best_ = r;
        cur_ = i;
      }
    }
    known_ = true;
    return best_;
  }
  void advance() {
    parts_[cur_]->advance();
    known_ = false;
  }
  const std::string& error() const {
    for (const auto& p : parts_)
      if (!p->error().empty()) return p->error();
    return parts_[0]->error();
  }
  const ir::Table& table() const { return p_.tables[static_cast<size_t>(table_)]; }
  int32_t table_index() const { return table_; }

 private:
  const ir::Program& p_;
  int32_t table_;
  std::vector<std::unique_ptr<PartCursor>> parts_;
  size_t cur_ = 0;
  ReadRow* best_ = nullptr;
  bool known_ = false;
};

// The records of one key range (all keys, when the source is read whole):
// the entity table merged by key with each event table.
class RangeSource final : public RecordSource {
 public:
  RangeSource(const ir::Program& p, std::vector<std::unique_ptr<TableFeed>> feeds, size_t entity,
              std::string describe)
      : p_(p), feeds_(std::move(feeds)), entity_(entity), describe_(std::move(describe)) {}

  bool next(Record& rec, bool& ok, std::vector<Reject>& rejects) override {
    TableFeed& ent = *feeds_[entity_];
    ReadRow* e = ent.head();
    // Checked either way: a table that failed mid-read also ends its rows,
    // and that must not pass for the end of the data.
    if (!check_feeds() || !e) return false;
    rec.reset(p_);
    ++counts_.entities_read;
    const ir::Table& et = ent.table();
    key_.assign(e->key);
    // Event rows below this key have no entity: rejected first, from every
    // table, then this row's own fate. Cut into key ranges, a range's last
    // such rows are rejected as it ends (finish()), before the next range's
    // first entity; so the rejects come in the same order either way.
    reject_orphans(&key_, rejects);
    ok = !e->reason;
    std::string reason = e->reason ? std::string(*e->reason) : std::string();
    rec.set_entity(e->values, e->source_row);
    const int64_t row = e->source_row;
    ent.advance();
    if (ok && have_prev_ && same_key(key_, prev_key_)) {
      ok = false;
      reason = "duplicate key `" + key_ + "` (first seen at row " + std::to_string(prev_row_) + ")";
    }
    if (!ok) rejects.push_back({et.name, row, key_, reason});
    // Only an accepted row claims its key and its events, so a row rejected
    // for a bad cell does not take them from a good row with the same key:
    // that one is checked, not called a duplicate.
    const bool claimed = have_prev_ && same_key(key_, prev_key_);
    if (ok) {
      prev_key_ = key_;
      prev_row_ = row;
      have_prev_ = true;
    }
    if (!ok && !claimed) {
      ReadRow* later = ent.head();
      if (later && same_key(later->key, key_)) return check_feeds();
    }
    for (size_t i = 0; i < feeds_.size(); ++i) {
      if (i == entity_) continue;
      TableFeed& f = *feeds_[i];
      for (ReadRow* r = f.head(); r && same_key(r->key, key_); r = f.head()) {
        ++counts_.events_read;
        if (!ok || r->reason || r->key.empty()) {
          reject_event(f, *r, event_reason(f, *r, !ok), rejects);
          continue;
        }
        rec.append(f.table_index(), r->values, r->source_row);
        f.advance();
      }
    }
    return check_feeds();
  }

  void finish(std::vector<Reject>& rejects) override {
    reject_orphans(nullptr, rejects);
    check_feeds();
  }

  const std::string& error() const override { return error_; }
  const SourceCounts& counts() const override { return counts_; }
  std::string describe() const override { return describe_; }

 private:
  bool check_feeds() {
    for (const auto& f : feeds_)
      if (error_.empty() && !f->error().empty()) error_ = f->error();
    return error_.empty();
  }

  // Rejects the event rows of every table below `key` (all that are left,
  // given none): no entity has them.
  void reject_orphans(const std::string* key, std::vector<Reject>& rejects) {
    for (size_t i = 0; i < feeds_.size(); ++i) {
      if (i == entity_) continue;
      TableFeed& f = *feeds_[i];
      for (ReadRow* r = f.head(); r && (!key || key_less(r->key, *key)) && check_feeds();
           r = f.head()) {
        ++counts_.events_read;
        reject_event(f, *r, event_reason(f, *r, false), rejects);
      }
    }
  }

  // Why an event row is rejected, most specific first: its own bad cell, an
  // empty link, then its entity's fate.
  static std::string event_reason(const TableFeed& f, const ReadRow& r, bool entity_rejected) {
    if (r.reason) return std::string(*r.reason);
    if (r.key.empty()) {
      const ir::Table& t = f.table();
      return "its link to the entity (column `" + t.fields[static_cast<size_t>(t.link)].column +
             "`) is empty";
    }
    if (entity_rejected) return "its entity `" + std::string(r.key) + "` was rejected";
    return "no entity has key `" + std::string(r.key) + "`";
  }

  void reject_event(TableFeed& f, ReadRow& r, const std::string& reason,
                    std::vector<Reject>& rejects) {
    ++counts_.events_rejected;
    rejects.push_back({f.table().name, r.source_row, std::string(r.key), reason});
    f.advance();
  }

  const ir::Program& p_;
  std::vector<std::unique_ptr<TableFeed>> feeds_;
  size_t entity_;
  std::string describe_;
  std::string error_;
  SourceCounts counts_;
  std::string key_, prev_key_;
  int64_t prev_row_ = 0;
  bool have_prev_ = false;
};

// The sizes of `n` key ranges, taken `at_once` at a time, relative to each
// other: each round of `at_once` ranges half the size of the round before,
// the last two rounds the smallest (16 16 8 8 4 4 2 2 1 1 1 1 for 12 ranges
// on 2 threads). A thread that ends its last range early waits for the others;
// small last ranges keep that wait short. With 8 equal ranges, on a host
// whose second core ran slower, one thread went on alone for 0.05-0.11 s of a
// 3 s run at 1M entities.
std::vector<uint64_t> range_weights(size_t n, size_t at_once) {
  const size_t per_round = std::max<size_t>(at_once, 1);
  const size_t rounds = (n + per_round - 1) / per_round;
  std::vector<uint64_t> w(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t round = i / per_round;
    w[i] = uint64_t{1} << (round + 2 < rounds ? std::min<size_t>(rounds - 2 - round, 16) : 0);
  }
  return w;
}

// Every table, sorted, then read whole or cut into key ranges.
class SortedSource final : public RecordSource {
 public:
  SortedSource(const ir::Program& p, std::shared_ptr<const Converter> conv,
               std::vector<TableInput> tables, int threads, std::string describe,
               const FieldsRead* read)
      : p_(p), conv_(std::move(conv)), describe_(std::move(describe)) {
    std::vector<PartSort*> all;
    for (auto& t : tables) {
      if (!p.tables[static_cast<size_t>(t.table)].is_event) entity_ = sorts_.size();
      std::vector<std::unique_ptr<PartSort>> parts;
      for (auto& part : t.parts) {
        parts.push_back(std::make_unique<PartSort>(t.table, std::move(part)));
        if (read) parts.back()->sorter.carry_only(read->by_table[static_cast<size_t>(t.table)]);
        all.push_back(parts.back().get());
      }
      sorts_.push_back(std::move(parts));
    }
    pool_ = std::make_unique<SortPool>(std::move(all), threads);
  }

  bool next(Record& rec, bool& ok, std::vector<Reject>& rejects) override {
    if (!whole_ && error_.empty()) {
      auto ranges = cut({}, 1);
      if (!ranges.empty()) whole_ = std::move(ranges[0]);
    }
    return whole_ && whole_->next(rec, ok, rejects);
  }
  void finish(std::vector<Reject>& rejects) override {
    if (whole_) whole_->finish(rejects);
  }
  const std::string& error() const override { return whole_ ? whole_->error() : error_; }
  const SourceCounts& counts() const override { return whole_ ? whole_->counts() : counts_; }
  std::string describe() const override { return describe_; }

  // Keys that cut the entity table's rows into `n` parts, from the samples
  // of its sort. The work of merging and checking goes with the entities
  // more than with the bytes of all tables: cut by all tables' bytes, one
  // part had 55% of the entities and took 0.1-0.2 s (15-30%) longer than the
  // other at 1M entities. The parts shrink as they go (range_weights).
  std::vector<std::unique_ptr<RecordSource>> split(size_t n, size_t at_once) override {
    if (n < 2 || whole_ || !sorted()) return {};
    std::vector<RunSamples> runs;
    for (auto& part : sorts_[entity_]) part->sorter.sample(runs);
    const std::vector<std::pair<std::string, double>> below = rows_below(runs);
    double total = 0;
    for (const auto& r : runs) total += static_cast<double>(r.total);
    const std::vector<uint64_t> weights = range_weights(n, at_once);
    double weight_sum = 0;
    for (uint64_t w : weights) weight_sum += static_cast<double>(w);
    std::vector<std::string> bounds;
    double before = static_cast<double>(weights[0]);  // the ranges' weight before the next bound
    size_t next = 1;
    // At most one bound a key, and none at the smallest: no empty ranges.
    for (size_t i = 1; i < below.size() && next < n; ++i)
      if (below[i].second * weight_sum >= total * before) {
        bounds.push_back(below[i].first);
        before += static_cast<double>(weights[next++]);
      }
    if (bounds.empty()) return {};
    return cut(bounds, at_once);
  }

 private:
  // Waits until every table is sorted, then gives the sorts' buffers back to
  // the system. They were freed, but freed between smaller blocks that live
  // on, so the heap kept them: the merge's peak at 5M entities was 2 MiB
  // (9%) above that at 1M, with more runs sorted before it; trimmed, 4%.
  bool sorted() {
    if (waited_) return error_.empty();
    waited_ = true;
    for (auto& parts : sorts_)
      for (auto& part : parts)
        if (const std::string& e = pool_->wait(*part); !e.empty() && error_.empty()) error_ = e;
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    return error_.empty();
  }

  // The records of the key ranges `bounds` make; none when a sort failed.
  std::vector<std::unique_ptr<RecordSource>> cut(const std::vector<std::string>& bounds,
                                                 size_t at_once) {
    if (!sorted()) return {};
    std::vector<std::vector<std::unique_ptr<TableFeed>>> feeds(bounds.size() + 1);
    for (auto& parts : sorts_) {
      for (auto& range : feeds) range.push_back(std::make_unique<TableFeed>(p_, parts[0]->table));
      // The ranges of all the parts at once, else of each part.
      std::vector<std::vector<std::unique_ptr<SortedRange>>> cuts;
      if (parts.size() > 1) {
        std::vector<RowSorter*> sorters;
        for (auto& part : parts) sorters.push_back(&part->sorter);
        cuts.push_back(RowSorter::split_together(sorters, bounds, at_once));
        if (cuts.back().empty()) cuts.clear();
      }
      if (cuts.empty())
        for (auto& part : parts) cuts.push_back(part->sorter.split(bounds, at_once));
      for (auto& ranges : cuts)
        for (size_t i = 0; i < ranges.size(); ++i) feeds[i].back()->add(std::move(ranges[i]));
    }
    std::vector<std::unique_ptr<RecordSource>> out;
    for (auto& f : feeds)
      out.push_back(std::make_unique<RangeSource>(p_, std::move(f), entity_, describe_));
    return out;
  }

  const ir::Program& p_;
  std::shared_ptr<const Converter> conv_;
  std::string describe_;
  std::vector<std::vector<std::unique_ptr<PartSort>>> sorts_;
  // Destroyed first: its threads use the parts, and their inputs conv_.
  std::unique_ptr<SortPool> pool_;
  size_t entity_ = 0;
  bool waited_ = false;
  std::string error_;
  SourceCounts counts_;
  std::unique_ptr<RecordSource> whole_;
};

}  // namespace

std::unique_ptr<RecordSource> open_sorted(const ir::Program& p,
                                          std::shared_ptr<const Converter> converter,
                                          std::vector<TableInput> tables, int threads,
                                          std::string describe, const FieldsRead* read) {
  return std::make_unique<SortedSource>(p, std::move(converter), std::move(tables), threads,
                                        std::move(describe), read);
}

}  // namespace jianguan::rt
