// SQLite source: the embedded default. The database is opened read-only and
// each table read once, in storage order, into the sort that merges them
// (sorted_source.h).
#include <sqlite3.h>

#include <algorithm>
#include <atomic>

#include "sources/sorted_source.h"

namespace jianguan::rt {

namespace {

// With several threads, an entity table whose rowids span at least this
// many is read as one part per thread: the one thread reading and sorting
// the entity table (its 20-odd fields) was the longest chain of the run, and
// splitting it took 9% off `--threads 2` at 1M entities. Splitting the event
// tables too made it slower on two cores: more threads, no shorter chain.
constexpr int64_t kSplitRows = 262144;

std::string quote_ident(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// One table, or the rows of a rowid range of it, through a connection of
// its own.
class SqliteRows final : public RowInput {
 public:
  SqliteRows(const ir::Program& p, const Converter& conv, int32_t table,
             const std::atomic<bool>* cancel)
      : p_(p), conv_(conv), table_(table), cancel_(cancel) {}
  SqliteRows(const SqliteRows&) = delete;
  SqliteRows& operator=(const SqliteRows&) = delete;
  ~SqliteRows() override {
    sqlite3_finalize(stmt_);
    if (db_) sqlite3_close(db_);
  }

  // Reads only rows with rowid in [from, to]; call before open().
  void limit(int64_t from, int64_t to) {
    from_ = from;
    to_ = to;
    limited_ = true;
  }

  bool open(const std::string& path, std::string& error) {
    path_ = path;
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      error = "cannot open SQLite database `" + path +
              "`: " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
      return false;
    }
    // Reading a large table takes seconds: neither a cancelled check nor a
    // source destroyed early (interrupt()) may wait for it. sqlite3_interrupt
    // alone would miss a read whose first step had not begun.
    sqlite3_progress_handler(
        db_, 100000, [](void* self) { return static_cast<SqliteRows*>(self)->stopped() ? 1 : 0; },
        this);
    // Fails here, not at the first read, when the file is not a database.
    if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      error = "`" + path + "` is not a readable SQLite database: " + sqlite3_errmsg(db_);
      return false;
    }
    const ir::Table& t = table();
    key_ = t.is_event ? t.link : t.key;
    std::string sql = "SELECT rowid";
    for (size_t f = 0; f < t.fields.size(); ++f) sql += ", " + quote_ident(t.fields[f].column);
    sql += " FROM " + quote_ident(t.source);
    if (limited_)
      sql += " WHERE rowid BETWEEN " + std::to_string(from_) + " AND " + std::to_string(to_);
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      error = "table `" + t.source + "` (" + t.name + ") in `" + path + "`: " + sqlite3_errmsg(db_);
      return false;
    }
    if (limited_) {
      first_ = from_;
      last_ = to_;
      spanned_ = true;
    } else {
      spanned_ = query_span(first_, last_);
    }
    // A guess: rowids may have gaps, so it is capped well below overflow.
    if (spanned_)
      size_ = std::min<uint64_t>(static_cast<uint64_t>(last_) - static_cast<uint64_t>(first_),
                                 uint64_t{1} << 40) *
              (t.fields.size() + 1);
    return true;
  }

  // Rows (by their rowids' span) times columns.
  uint64_t size_hint() const override { return size_; }

  // The rowids read, [first, last], as open() found them; false when the
  // table has no rows.
  bool rowid_span(int64_t& first, int64_t& last) const {
    first = first_;
    last = last_;
    return spanned_;
  }

  bool read(RowSorter& sorter, std::string& error) override {
    if (stopped()) {
      error = "interrupted";
      return false;
    }
    const size_t fields = table().fields.size();
    std::vector<ir::Value> values(fields);
    std::string reason;
    for (;;) {
      int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_DONE) return true;
      if (rc != SQLITE_ROW) {
        error = stopped() ? "interrupted" : "reading `" + path_ + "`: " + sqlite3_errmsg(db_);
        return false;
      }
      std::string_view key;
      const bool bad = !convert(values.data(), reason, key);
      if (!sorter.add(key, sqlite3_column_int64(stmt_, 0), values.data(), fields,
                      bad ? &reason : nullptr, error))
        return false;
    }
  }

  void interrupt() override {
    stop_ = true;
    if (db_) sqlite3_interrupt(db_);
  }

 private:
  bool stopped() const { return stop_.load() || (cancel_ && cancel_->load()); }

  const ir::Table& table() const { return p_.tables[static_cast<size_t>(table_)]; }

  // The table's rowids, [first, last]; false when it has no rows.
  bool query_span(int64_t& first, int64_t& last) {
    sqlite3_stmt* st = nullptr;
    // One subquery each: SQLite finds a lone min() or max() of the rowid at
    // an end of the table's b-tree, but both in one query scan the table
    // (0.1 s at 1M entities).
    const std::string from = " FROM " + quote_ident(table().source);
    std::string sql = "SELECT (SELECT min(rowid)" + from + "), (SELECT max(rowid)" + from + ")";
    bool ok = sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (ok) {
      first = sqlite3_column_int64(st, 0);
      last = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return ok;
  }

  // A cell's text: NULL as a view without bytes. sqlite3_value_text gives a
  // text cell bytes even when it is empty, and NULL only when out of memory:
  // that is read as NULL, and a required field says it is empty.
  static std::string_view text_of(sqlite3_value* cell) {
    const unsigned char* s = sqlite3_value_text(cell);
    return {reinterpret_cast<const char*>(s),
            s ? static_cast<size_t>(sqlite3_value_bytes(cell)) : 0};
  }

  // Converts the current row's cells into `values`. Text values point into
  // SQLite's copy of the row, valid until the next step: no column is
  // converted after its text was taken (the key column may be read as an
  // integer, then as text, which leaves the integer alone). Cells are read
  // through sqlite3_value: a sqlite3_column_* call per property cost a fifth
  // of the reading. `key` is the key column's text as stored (not trimmed),
  // taken from the cell converted, not asked for again.
  bool convert(ir::Value* values, std::string& reason, std::string_view& key) {
    const ir::Table& t = table();
    bool ok = true, have_key = false;
    for (size_t f = 0; f < t.fields.size(); ++f) {
      sqlite3_value* cell = sqlite3_column_value(stmt_, static_cast<int>(f) + 1);
      const int type = sqlite3_value_type(cell);
      const bool typed = convert_typed(cell, type, t.fields[f].type, values[f]);
      const std::string_view raw =
          typed || type == SQLITE_NULL ? std::string_view() : text_of(cell);
      if (static_cast<int32_t>(f) == key_) {
        key = typed ? text_of(cell) : raw;
        have_key = true;
      }
      if (typed) continue;
      if (!conv_.convert(t.fields[f], raw, values[f], reason)) {
        for (size_t g = f; g < t.fields.size(); ++g) values[g] = ir::Value{};
        ok = false;
        break;
      }
    }
    if (!have_key) key = text_of(sqlite3_column_value(stmt_, key_ + 1));
    return ok;
  }

  // Typed fast paths, taken when the cell is stored as the field's type;
  // false leaves the cell to the shared text rules.
  static bool convert_typed(sqlite3_value* cell, int type, ir::FieldType ft, ir::Value& out) {
    if (type == SQLITE_INTEGER && (ft == ir::FieldType::kInt || ft == ir::FieldType::kDecimal)) {
      const int64_t v = sqlite3_value_int64(cell);
      out = ft == ir::FieldType::kInt ? ir::Value::integer(v)
                                      : ir::Value::decimal(static_cast<double>(v));
      return true;
    }
    if (type == SQLITE_FLOAT && ft == ir::FieldType::kDecimal) {
      out = ir::Value::decimal(sqlite3_value_double(cell));
      return true;
    }
    if (type == SQLITE_INTEGER && ft == ir::FieldType::kBool) {
      const int64_t v = sqlite3_value_int64(cell);
      if (v == 0 || v == 1) {
        out = ir::Value::boolean(v == 1);
        return true;
      }
    }
    return false;
  }

  const ir::Program& p_;
  const Converter& conv_;
  int32_t table_;
  const std::atomic<bool>* cancel_;
  int32_t key_ = 0;
  bool limited_ = false;
  int64_t from_ = 0, to_ = 0;
  bool spanned_ = false;
  int64_t first_ = 0, last_ = 0;
  uint64_t size_ = 0;
  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::atomic<bool> stop_{false};
};

// With several threads, a large table is read as two parts per thread, by
// ranges of rowid; `parts` stays empty when the table is read whole.
bool split(const ir::Program& p, const Converter& conv, int32_t t, const std::string& path,
           SqliteRows& whole, int threads, const std::atomic<bool>* cancel,
           std::vector<std::unique_ptr<RowInput>>& parts, std::string& error) {
  int64_t first = 0, last = 0;
  if (threads < 2 || !whole.rowid_span(first, last)) return true;
  // Unsigned: the span of any two rowids fits, however far apart.
  uint64_t span = static_cast<uint64_t>(last) - static_cast<uint64_t>(first);
  if (span < static_cast<uint64_t>(kSplitRows) || span > (uint64_t{1} << 62)) return true;
  // Twice as many parts as threads: the sort pool packs the parts of all
  // tables onto the threads, and with halves of the entity table (the
  // largest) the last part ran alone for 0.1-0.2 s at 1M entities; with
  // quarters the reading and sorting took 1.23-1.32 s instead of 1.30-1.43.
  // At most 64: each part is a connection, and a file descriptor.
  const int n = std::min(2 * threads, 64);
  uint64_t step = span / static_cast<uint64_t>(n) + 1;
  for (int i = 0; i < n; ++i) {
    uint64_t from = static_cast<uint64_t>(first) + step * static_cast<uint64_t>(i);
    uint64_t to = i + 1 == n ? static_cast<uint64_t>(last) : from + step - 1;
    auto part = std::make_unique<SqliteRows>(p, conv, t, cancel);
    part->limit(static_cast<int64_t>(from), static_cast<int64_t>(to));
    if (!part->open(path, error)) return false;
    parts.push_back(std::move(part));
  }
  return true;
}

}  // namespace

std::unique_ptr<RecordSource> open_sqlite(const ir::Program& p, const std::string& path,
                                          int threads, std::string& error,
                                          const std::atomic<bool>* cancel, const FieldsRead* read) {
  auto conv = std::make_shared<const Converter>(p);
  std::vector<TableInput> tables;
  for (int32_t t = 0; t < static_cast<int32_t>(p.tables.size()); ++t) {
    const ir::Table& table = p.tables[static_cast<size_t>(t)];
    if (table.is_event && table.link < 0) continue;
    auto whole = std::make_unique<SqliteRows>(p, *conv, t, cancel);
    if (!whole->open(path, error)) return nullptr;
    TableInput in;
    in.table = t;
    if (!table.is_event && !split(p, *conv, t, path, *whole, threads, cancel, in.parts, error))
      return nullptr;
    if (in.parts.empty()) in.parts.push_back(std::move(whole));
    tables.push_back(std::move(in));
  }
  // Threads start only once every table has opened, so a bad table name
  // fails before any reading begins.
  return open_sorted(p, std::move(conv), std::move(tables), threads, "sqlite:" + path, read);
}

}  // namespace jianguan::rt
