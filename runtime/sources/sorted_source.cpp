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
// With several threads each part of a table is read and sorted on a thread
// of its own, all at once; the merging thread then reads the sorted rows in
// chunks. A large entity table is read as parts (sqlite_source.cpp), merged
// back here by key, then part.
#include "sources/sorted_source.h"

#include <mutex>
#include <system_error>
#include <thread>

namespace jianguan::rt {

namespace {

constexpr size_t kChunkRows = 512;
// Each table's sort gathers runs of this size, and reads them back through
// buffers of this much in all.
constexpr size_t kRunBytes = size_t{4} << 20;
constexpr size_t kMergeBytes = size_t{1} << 20;

// One row of a chunk as read and converted, valid while the chunk is;
// `reason` is set when a cell could not be converted.
struct ReadRow {
  const ir::Value* values = nullptr;  // one per field
  std::string_view key;
  int64_t source_row = 0;
  const std::string* reason = nullptr;
  int32_t reason_at = -1;  // while filling: index into the chunk's reasons
};

// Rows as flat arrays: the values of all rows in one buffer, their text and
// keys in another, reused from chunk to chunk: no allocation per row.
struct Chunk {
  std::vector<ir::Value> values;  // rows x fields
  std::string text;
  std::vector<ReadRow> rows;
  std::vector<std::string> reasons;
  size_t size = 0;
  bool end = false;   // no rows after this chunk
  std::string error;  // a fatal read error ends the table
};

// While a chunk fills, its text may move, so text values and keys hold
// offsets into it; this makes them pointers once the chunk is full.
const char* offset_ptr(size_t off) { return reinterpret_cast<const char*>(off); }
size_t ptr_offset(const char* p) { return reinterpret_cast<uintptr_t>(p); }

void settle(Chunk& c, size_t fields) {
  const char* base = c.text.data();
  for (size_t i = 0; i < c.size; ++i) {
    ReadRow& r = c.rows[i];
    ir::Value* v = &c.values[i * fields];
    r.values = v;
    r.key = {base + ptr_offset(r.key.data()), r.key.size()};
    r.reason = r.reason_at >= 0 ? &c.reasons[static_cast<size_t>(r.reason_at)] : nullptr;
    for (size_t f = 0; f < fields; ++f)
      if (v[f].tag == ir::Value::Tag::kText) v[f].p = base + ptr_offset(v[f].p);
  }
}

// One table's rows in key order, read in chunks: the first fill reads and
// sorts them all.
class TableScan {
 public:
  TableScan(const ir::Program& p, int32_t table, std::unique_ptr<RowInput> input)
      : p_(p), table_(table), input_(std::move(input)) {}
  TableScan(const TableScan&) = delete;
  TableScan& operator=(const TableScan&) = delete;

  // Refills `c` with up to kChunkRows rows.
  void fill(Chunk& c) {
    const size_t fields = table().fields.size();
    if (c.rows.size() < kChunkRows) {
      c.rows.resize(kChunkRows);
      c.values.resize(kChunkRows * fields);
    }
    c.size = 0;
    c.text.clear();
    c.reasons.clear();
    if (input_) {
      bool ok = input_->read(sorter_, c.error) && sorter_.finish(c.error);
      // The input (a SQLite connection, a file) is done with.
      std::lock_guard<std::mutex> lock(m_);
      input_.reset();
      if (!ok) {
        c.end = true;
        return;
      }
    }
    read_rows(c, fields);
    settle(c, fields);
  }

  // Stops a read in progress from another thread (it can take seconds).
  void interrupt() {
    std::lock_guard<std::mutex> lock(m_);
    if (input_) input_->interrupt();
  }

  int32_t table_index() const { return table_; }
  const ir::Table& table() const { return p_.tables[static_cast<size_t>(table_)]; }

 private:
  void read_rows(Chunk& c, size_t fields) {
    SortedRow row;
    while (c.size < kChunkRows) {
      if (!sorter_.next(row, c.error)) {
        c.end = true;
        return;
      }
      ReadRow& r = c.rows[c.size];
      ir::Value* values = &c.values[c.size * fields];
      ++c.size;
      r.key = {offset_ptr(c.text.size()), row.key.size()};
      c.text.append(row.key);
      r.source_row = row.rowid;
      r.reason_at = -1;
      if (row.has_reason) {
        r.reason_at = static_cast<int32_t>(c.reasons.size());
        c.reasons.emplace_back(row.reason);
      }
      decode_cells(row.cells, fields, values, c.text);
    }
  }

  const ir::Program& p_;
  int32_t table_;
  std::mutex m_;  // input_ is reset by the reading thread, used by interrupt()
  std::unique_ptr<RowInput> input_;
  RowSorter sorter_{kRunBytes, kMergeBytes};
};

// The merging side's view of one table: the row at the head of a chunk it
// refills itself. With threads, the first fill, which reads and sorts the
// whole table (most of the work), runs on a thread of its own from the
// start; the merging thread takes over from the first chunk on. Producer
// threads used to fill every chunk and hand it across: the merging thread
// then sat idle a third of the time, and the run took 3% longer at 1M
// entities with two threads, the rows crossing from core to core.
class Feed {
 public:
  Feed(std::unique_ptr<TableScan> scan, bool threaded) : scan_(std::move(scan)) {
    if (threaded) {
      try {
        sorting_ = std::thread([this] { scan_->fill(chunk_); });
      } catch (const std::system_error&) {
        // No thread to be had: the first head() sorts the table instead.
      }
    }
  }
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;
  ~Feed() {
    scan_->interrupt();
    if (sorting_.joinable()) sorting_.join();
  }

  // The row at the head, or nullptr at the end or after an error.
  ReadRow* head() {
    if (!started_) {
      started_ = true;
      if (sorting_.joinable())
        sorting_.join();
      else
        scan_->fill(chunk_);
      pos_ = 0;
    }
    for (;;) {
      if (pos_ < chunk_.size) return &chunk_.rows[pos_];
      if (!chunk_.error.empty() && error_.empty()) error_ = chunk_.error;
      if (chunk_.end) return nullptr;
      scan_->fill(chunk_);
      pos_ = 0;
    }
  }
  void advance() { ++pos_; }
  const std::string& error() const { return error_; }
  const ir::Table& table() const { return scan_->table(); }
  int32_t table_index() const { return scan_->table_index(); }

 private:
  std::unique_ptr<TableScan> scan_;
  Chunk chunk_;
  size_t pos_ = 0;
  bool started_ = false;
  std::string error_;
  std::thread sorting_;
};

// One table as one stream in key order, merged from its parts: the row with
// the smallest key, and on equal keys the earlier part, whose rowids are
// lower, so the order is that of a single sorted query.
class TableFeed {
 public:
  explicit TableFeed(std::vector<std::unique_ptr<Feed>> parts) : parts_(std::move(parts)) {}

  ReadRow* head() {
    if (parts_.size() == 1) return parts_[0]->head();
    ReadRow* best = nullptr;
    for (size_t i = 0; i < parts_.size(); ++i) {
      ReadRow* r = parts_[i]->head();
      if (r && (!best || r->key < best->key)) {
        best = r;
        cur_ = i;
      }
    }
    return best;
  }
  void advance() { parts_[cur_]->advance(); }
  const std::string& error() const {
    for (const auto& p : parts_)
      if (!p->error().empty()) return p->error();
    return parts_[0]->error();
  }
  const ir::Table& table() const { return parts_[0]->table(); }
  int32_t table_index() const { return parts_[0]->table_index(); }

 private:
  std::vector<std::unique_ptr<Feed>> parts_;
  size_t cur_ = 0;
};

class SortedSource final : public RecordSource {
 public:
  SortedSource(const ir::Program& p, std::shared_ptr<const Converter> conv,
               std::vector<TableInput> tables, int threads, std::string describe)
      : p_(p), conv_(std::move(conv)), describe_(std::move(describe)) {
    for (auto& t : tables) {
      if (!p.tables[static_cast<size_t>(t.table)].is_event) entity_ = feeds_.size();
      std::vector<std::unique_ptr<Feed>> feeds;
      for (auto& part : t.parts)
        feeds.push_back(std::make_unique<Feed>(
            std::make_unique<TableScan>(p, t.table, std::move(part)), threads > 1));
      feeds_.push_back(std::make_unique<TableFeed>(std::move(feeds)));
    }
  }

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
    ok = !e->reason;
    std::string reason = e->reason ? *e->reason : std::string();
    rec.set_entity(e->values, e->source_row);
    const int64_t row = e->source_row;
    ent.advance();
    if (ok && have_prev_ && key_ == prev_key_) {
      ok = false;
      reason = "duplicate key `" + key_ + "` (first seen at row " + std::to_string(prev_row_) + ")";
    }
    if (!ok) rejects.push_back({et.name, row, key_, reason});
    // Only an accepted row claims its key and its events, so a row rejected
    // for a bad cell does not take them from a good row with the same key:
    // that one is checked, not called a duplicate.
    const bool claimed = have_prev_ && key_ == prev_key_;
    if (ok) {
      prev_key_ = key_;
      prev_row_ = row;
      have_prev_ = true;
    }
    if (!ok && !claimed) {
      ReadRow* later = ent.head();
      if (later && later->key == key_) return check_feeds();
    }
    for (size_t i = 0; i < feeds_.size(); ++i) {
      if (i == entity_) continue;
      TableFeed& f = *feeds_[i];
      ReadRow* r = f.head();
      for (; r && r->key < key_; r = f.head()) orphan(f, *r, rejects);
      for (; r && r->key == key_; r = f.head()) {
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
    for (size_t i = 0; i < feeds_.size(); ++i)
      if (i != entity_)
        for (ReadRow* r = feeds_[i]->head(); r && check_feeds(); r = feeds_[i]->head())
          orphan(*feeds_[i], *r, rejects);
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

  void orphan(TableFeed& f, ReadRow& r, std::vector<Reject>& rejects) {
    ++counts_.events_read;
    reject_event(f, r, event_reason(f, r, false), rejects);
  }

  // Why an event row is rejected, most specific first: its own bad cell, an
  // empty link, then its entity's fate.
  static std::string event_reason(const TableFeed& f, const ReadRow& r, bool entity_rejected) {
    if (r.reason) return *r.reason;
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
  std::shared_ptr<const Converter> conv_;
  std::string describe_;
  // Destroyed first: the producer threads use conv_.
  std::vector<std::unique_ptr<TableFeed>> feeds_;
  size_t entity_ = 0;
  std::string error_;
  SourceCounts counts_;
  std::string key_, prev_key_;
  int64_t prev_row_ = 0;
  bool have_prev_ = false;
};

}  // namespace

std::unique_ptr<RecordSource> open_sorted(const ir::Program& p,
                                          std::shared_ptr<const Converter> converter,
                                          std::vector<TableInput> tables, int threads,
                                          std::string describe) {
  return std::make_unique<SortedSource>(p, std::move(converter), std::move(tables), threads,
                                        std::move(describe));
}

}  // namespace jianguan::rt
