// SQLite source: the embedded default. The database is opened read-only;
// the entity table and every event table are read in key order and merged,
// so memory stays flat however many records there are. CSV and JSON Lines
// files come here too, staged into databases of their own (sqlite_input.h).
//
// Each table is read once in storage order, each row converted, and sorted
// by key, then rowid, by our own external sort (row_sorter.h), rather than
// walked through a key index: event rows are stored in the order they
// happened, so an index walk jumps to a random page for every row, and on a
// 400 MB file that took twice as long as a sequential scan plus a sort.
// SQLite's sorter (`ORDER BY CAST(key AS TEXT), rowid`) did that sort until
// it was found to be half of a check's time. Keys are compared as the bytes
// of their text form, whatever types the key column holds.
//
// With several threads each table has its own connection and a thread that
// steps and converts its rows into chunks; the merging thread only moves
// rows. A few chunks circulate per table, so memory stays bounded. A large
// entity table is read as parts (rowid ranges), each sorted and converted by
// its own thread and merged back by key, then rowid, so the order, and every
// report, is that of one sorted query: the one thread sorting and converting
// the entity table (its 20-odd fields) was the longest chain of the run, and
// splitting it took 9% off `--threads 2` at 1M entities. Splitting the event
// tables too made it slower on two cores: more threads, more CPU, no shorter
// chain.
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "sources/convert.h"
#include "sources/row_sorter.h"
#include "sources/sqlite_input.h"

namespace jianguan::rt {

namespace {

constexpr size_t kChunkRows = 512;
constexpr size_t kChunksPerTable = 8;
// With several threads, an entity table whose rowids span at least this
// many is read as one part per thread.
constexpr int64_t kSplitRows = 262144;
// Each table's sort gathers runs of this size, and reads them back through
// buffers of this much in all.
constexpr size_t kRunBytes = size_t{4} << 20;
constexpr size_t kMergeBytes = size_t{1} << 20;

std::string quote_ident(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

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
// keys in another. A chunk is filled on one core and read on another, and a
// row of separately allocated strings cost a cache miss per string there.
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

// One table's rows in key order, read in chunks.
class TableScan {
 public:
  TableScan(const ir::Program& p, const Converter& conv, int32_t table, const SqliteInput& in)
      : p_(p), conv_(conv), table_(table), staged_(in.staged), cancel_(in.cancel) {}
  // Reads only rows with rowid in [from, to]; call before open().
  void limit(int64_t from, int64_t to) {
    from_ = from;
    to_ = to;
    limited_ = true;
  }
  TableScan(const TableScan&) = delete;
  TableScan& operator=(const TableScan&) = delete;
  ~TableScan() {
    sqlite3_finalize(stmt_);
    if (db_) sqlite3_close(db_);
  }

  bool open(const std::string& path, std::string& error) {
    path_ = path;
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      error = "cannot open SQLite database `" + path +
              "`: " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
      return false;
    }
    // The first step sorts the whole table, which takes seconds to minutes:
    // an interruption must not wait for it.
    if (cancel_)
      sqlite3_progress_handler(
          db_, 100000,
          [](void* c) { return static_cast<const std::atomic<bool>*>(c)->load() ? 1 : 0; },
          const_cast<std::atomic<bool>*>(cancel_));
    // Fails here, not at the first read, when the file is not a database.
    if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      error = "`" + path + "` is not a readable SQLite database: " + sqlite3_errmsg(db_);
      return false;
    }
    const ir::Table& t = table();
    key_ = t.is_event ? t.link : t.key;
    std::string sql = "SELECT rowid";
    for (size_t f = 0; f < t.fields.size(); ++f) sql += ", " + column(f);
    if (staged_) sql += ", " + std::string(kStagedReason);
    sql += " FROM " + source();
    if (limited_)
      sql += " WHERE rowid BETWEEN " + std::to_string(from_) + " AND " + std::to_string(to_);
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      error = "table `" + t.source + "` (" + t.name + ") in `" + path + "`: " + sqlite3_errmsg(db_);
      return false;
    }
    return true;
  }

  // Refills `c` with up to kChunkRows rows. The first call reads and sorts
  // the whole table.
  void fill(Chunk& c) {
    const size_t fields = table().fields.size();
    if (c.rows.size() < kChunkRows) {
      c.rows.resize(kChunkRows);
      c.values.resize(kChunkRows * fields);
    }
    c.size = 0;
    c.text.clear();
    c.reasons.clear();
    if (!sorted_) {
      sorted_ = true;
      if (!sort_table(fields, c.error)) {
        c.end = true;
        return;
      }
    }
    read_rows(c, fields);
    settle(c, fields);
  }

  // The table's rowids, [first, last]; false when it has no rows.
  bool rowid_span(int64_t& first, int64_t& last) {
    sqlite3_stmt* st = nullptr;
    std::string sql = "SELECT min(rowid), max(rowid) FROM " + source();
    bool ok = sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (ok) {
      first = sqlite3_column_int64(st, 0);
      last = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return ok;
  }

  // Stops a step in progress from another thread (the sort can take seconds).
  void interrupt() {
    if (db_) sqlite3_interrupt(db_);
  }

  int32_t table_index() const { return table_; }
  const ir::Table& table() const { return p_.tables[static_cast<size_t>(table_)]; }

 private:
  // Steps through the table in storage order, converting each row into the
  // sorter.
  bool sort_table(size_t fields, std::string& error) {
    std::vector<ir::Value> values(fields);
    std::string text, reason;
    for (;;) {
      int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        error = "reading `" + path_ + "`: " + sqlite3_errmsg(db_);
        return false;
      }
      const unsigned char* k = sqlite3_column_text(stmt_, key_ + 1);
      std::string_view key(reinterpret_cast<const char*>(k),
                           k ? static_cast<size_t>(sqlite3_column_bytes(stmt_, key_ + 1)) : 0);
      text.clear();
      bool bad = (staged_ && staged_reason(values.data(), fields, reason)) ||
                 !convert(values.data(), text, reason);
      for (size_t f = 0; f < fields; ++f)
        if (values[f].tag == ir::Value::Tag::kText)
          values[f].p = text.data() + ptr_offset(values[f].p);
      if (!sorter_.add(key, sqlite3_column_int64(stmt_, 0), values.data(), fields,
                       bad ? &reason : nullptr, error))
        return false;
    }
    // Every page was read once and will not be again; holding them (up to
    // 2 MB a table) made the peak grow with the smaller tables.
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    sqlite3_db_release_memory(db_);
    return sorter_.finish(error);
  }

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

  // Staged rows the file reader found malformed carry its reason and no
  // usable cells.
  bool staged_reason(ir::Value* values, size_t fields, std::string& reason) {
    int col = static_cast<int>(fields) + 1;
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return false;
    reason.assign(reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col)),
                  static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
    for (size_t f = 0; f < fields; ++f) values[f] = ir::Value{};
    return true;
  }

  std::string source() const {
    return staged_ ? std::string(kStagedTable) : quote_ident(table().source);
  }
  std::string column(size_t f) const {
    return staged_ ? staged_column(f) : quote_ident(table().fields[f].column);
  }

  // Converts the current row's cells into `values`, text into `text` (as
  // offsets; see settle).
  bool convert(ir::Value* values, std::string& text, std::string& reason) {
    const ir::Table& t = table();
    for (size_t f = 0; f < t.fields.size(); ++f) {
      int col = static_cast<int>(f) + 1;
      int type = sqlite3_column_type(stmt_, col);
      ir::FieldType ft = t.fields[f].type;
      // Typed fast paths; everything else goes through the shared text rules.
      if (type == SQLITE_INTEGER && (ft == ir::FieldType::kInt || ft == ir::FieldType::kDecimal)) {
        int64_t v = sqlite3_column_int64(stmt_, col);
        values[f] = ft == ir::FieldType::kInt ? ir::Value::integer(v)
                                              : ir::Value::decimal(static_cast<double>(v));
        continue;
      }
      if (type == SQLITE_FLOAT && ft == ir::FieldType::kDecimal) {
        values[f] = ir::Value::decimal(sqlite3_column_double(stmt_, col));
        continue;
      }
      if (type == SQLITE_INTEGER && ft == ir::FieldType::kBool) {
        int64_t v = sqlite3_column_int64(stmt_, col);
        if (v == 0 || v == 1) {
          values[f] = ir::Value::boolean(v == 1);
          continue;
        }
      }
      std::optional<std::string_view> raw;
      if (type != SQLITE_NULL) {
        const unsigned char* s = sqlite3_column_text(stmt_, col);
        raw = std::string_view(reinterpret_cast<const char*>(s),
                               static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
      }
      ir::Value& v = values[f];
      if (!conv_.convert(table_, f, raw, v, reason)) {
        // The rest of the row stays as the last chunk left it: no text
        // offsets that settle() would misread.
        for (size_t g = f; g < t.fields.size(); ++g) values[g] = ir::Value{};
        return false;
      }
      if (v.tag == ir::Value::Tag::kText) {
        std::string_view s = v.str();
        v.p = offset_ptr(text.size());
        text.append(s);
      }
    }
    return true;
  }

  const ir::Program& p_;
  const Converter& conv_;
  int32_t table_;
  bool staged_;
  const std::atomic<bool>* cancel_;
  int32_t key_ = 0;
  bool limited_ = false;
  int64_t from_ = 0, to_ = 0;
  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool sorted_ = false;
  RowSorter sorter_{kRunBytes, kMergeBytes};
};

// The merging side's view of one table: the row at the head, filled either
// on demand (one thread) or by a producer thread through a bounded queue.
class Feed {
 public:
  Feed(std::unique_ptr<TableScan> scan, bool threaded) : scan_(std::move(scan)) {
    for (size_t i = 0; i < (threaded ? kChunksPerTable : 1); ++i)
      free_.push_back(std::make_unique<Chunk>());
    if (threaded) producer_ = std::thread([this] { produce(); });
  }
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;
  ~Feed() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    scan_->interrupt();
    cv_.notify_all();
    if (producer_.joinable()) producer_.join();
  }

  // The row at the head, or nullptr at the end or after an error.
  ReadRow* head() {
    if (cur_ && pos_ < cur_->size) return &cur_->rows[pos_];
    if (cur_) {
      if (!cur_->error.empty() && error_.empty()) error_ = cur_->error;
      if (cur_->end) return nullptr;
      give_back(std::move(cur_));
    }
    cur_ = next_chunk();
    pos_ = 0;
    return head();
  }
  void advance() { ++pos_; }
  const std::string& error() const { return error_; }
  const ir::Table& table() const { return scan_->table(); }
  int32_t table_index() const { return scan_->table_index(); }

 private:
  std::unique_ptr<Chunk> next_chunk() {
    if (!producer_.joinable()) {
      std::unique_ptr<Chunk> c = std::move(free_.front());
      free_.pop_front();
      scan_->fill(*c);
      return c;
    }
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return !full_.empty(); });
    std::unique_ptr<Chunk> c = std::move(full_.front());
    full_.pop_front();
    cv_.notify_all();
    return c;
  }

  void give_back(std::unique_ptr<Chunk> c) {
    std::lock_guard<std::mutex> lock(m_);
    free_.push_back(std::move(c));
    cv_.notify_all();
  }

  void produce() {
    for (;;) {
      std::unique_ptr<Chunk> c;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
        if (stop_) return;
        c = std::move(free_.front());
        free_.pop_front();
      }
      scan_->fill(*c);
      bool end = c->end;
      {
        std::lock_guard<std::mutex> lock(m_);
        full_.push_back(std::move(c));
      }
      cv_.notify_all();
      if (end) return;
    }
  }

  std::unique_ptr<TableScan> scan_;
  std::unique_ptr<Chunk> cur_;
  size_t pos_ = 0;
  std::string error_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Chunk>> free_, full_;
  bool stop_ = false;
  std::thread producer_;
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

class SqliteSource final : public RecordSource {
 public:
  SqliteSource(const ir::Program& p, SqliteInput in, int threads)
      : p_(p), conv_(p), in_(std::move(in)), threads_(std::max(1, threads)) {}

  bool open() {
    std::vector<std::vector<std::unique_ptr<TableScan>>> tables;
    for (int32_t t = 0; t < static_cast<int32_t>(p_.tables.size()); ++t) {
      const ir::Table& table = p_.tables[static_cast<size_t>(t)];
      if (table.is_event && table.link < 0) continue;
      if (in_.paths[static_cast<size_t>(t)].empty()) continue;
      auto scan = std::make_unique<TableScan>(p_, conv_, t, in_);
      if (!scan->open(in_.paths[static_cast<size_t>(t)], error_)) return false;
      if (!table.is_event) entity_ = tables.size();
      tables.emplace_back();
      if (!table.is_event && !split(*scan, t, tables.back())) return false;
      if (tables.back().empty()) tables.back().push_back(std::move(scan));
    }
    // Threads start only once every table has opened, so a bad table name
    // fails before any sorting begins.
    for (auto& parts : tables) {
      std::vector<std::unique_ptr<Feed>> feeds;
      for (auto& s : parts) feeds.push_back(std::make_unique<Feed>(std::move(s), threads_ > 1));
      feeds_.push_back(std::make_unique<TableFeed>(std::move(feeds)));
    }
    return true;
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
  std::string describe() const override { return in_.describe; }

 private:
  // With several threads, a large table is read as one part per thread, by
  // ranges of rowid; `parts` stays empty when the table is read whole.
  bool split(TableScan& whole, int32_t t, std::vector<std::unique_ptr<TableScan>>& parts) {
    int64_t first = 0, last = 0;
    if (threads_ < 2 || !whole.rowid_span(first, last)) return true;
    // Unsigned: the span of any two rowids fits, however far apart.
    uint64_t span = static_cast<uint64_t>(last) - static_cast<uint64_t>(first);
    if (span < static_cast<uint64_t>(kSplitRows) || span > (uint64_t{1} << 62)) return true;
    uint64_t step = span / static_cast<uint64_t>(threads_) + 1;
    for (int i = 0; i < threads_; ++i) {
      uint64_t from = static_cast<uint64_t>(first) + step * static_cast<uint64_t>(i);
      uint64_t to = i + 1 == threads_ ? static_cast<uint64_t>(last) : from + step - 1;
      auto part = std::make_unique<TableScan>(p_, conv_, t, in_);
      part->limit(static_cast<int64_t>(from), static_cast<int64_t>(to));
      if (!part->open(in_.paths[static_cast<size_t>(t)], error_)) return false;
      parts.push_back(std::move(part));
    }
    return true;
  }

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
  Converter conv_;
  SqliteInput in_;
  int threads_;
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

std::unique_ptr<RecordSource> open_sqlite_input(const ir::Program& p, SqliteInput in, int threads,
                                                std::string& error) {
  auto s = std::make_unique<SqliteSource>(p, std::move(in), threads);
  if (!s->open()) {
    error = s->error();
    return nullptr;
  }
  return s;
}

std::unique_ptr<RecordSource> open_sqlite(const ir::Program& p, const std::string& path,
                                          int threads, std::string& error,
                                          const std::atomic<bool>* cancel) {
  SqliteInput in;
  in.cancel = cancel;
  in.paths.assign(p.tables.size(), path);
  in.describe = "sqlite:" + path;
  return open_sqlite_input(p, std::move(in), threads, error);
}

}  // namespace jianguan::rt
