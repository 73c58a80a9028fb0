// SQLite source: the embedded default. The database is opened read-only;
// the entity table and every event table are read in key order and merged,
// so memory stays flat however many records there are.
#include <sqlite3.h>

#include <cstring>

#include "sources/convert.h"
#include "sources/source.h"

namespace jianguan::rt {

namespace {

std::string quote_ident(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class SqliteSource final : public RecordSource {
 public:
  SqliteSource(const ir::Program& p, std::string path) : p_(p), conv_(p), path_(std::move(path)) {}
  ~SqliteSource() override {
    for (auto& c : cursors_) sqlite3_finalize(c.stmt);
    if (db_) sqlite3_close(db_);
  }

  bool open() {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      error_ = "cannot open SQLite database `" + path_ +
               "`: " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
      return false;
    }
    // The event tables are read through their key index, which jumps around
    // the file: a 64 MiB page cache (bounded, so memory stays flat) saves
    // most of the re-reads.
    sqlite3_exec(db_, "PRAGMA cache_size=-65536", nullptr, nullptr, nullptr);
    // Fails here, not at the first read, when the file is not a database.
    if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      error_ = "`" + path_ + "` is not a readable SQLite database: " + sqlite3_errmsg(db_);
      return false;
    }
    for (int32_t t = 0; t < static_cast<int32_t>(p_.tables.size()); ++t) {
      const ir::Table& table = p_.tables[static_cast<size_t>(t)];
      if (table.is_event && table.link < 0) continue;
      std::string sql = "SELECT rowid";
      for (const auto& f : table.fields) sql += ", " + quote_ident(f.column);
      int32_t key = table.is_event ? table.link : table.key;
      sql += " FROM " + quote_ident(table.source) + " ORDER BY " +
             quote_ident(table.fields[static_cast<size_t>(key)].column) + ", rowid";
      Cursor c;
      c.table = t;
      c.key_slot = key;
      if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &c.stmt, nullptr) != SQLITE_OK) {
        error_ = "table `" + table.source + "` (" + table.name + ") in `" + path_ +
                 "`: " + sqlite3_errmsg(db_);
        return false;
      }
      if (!table.is_event) entity_ = cursors_.size();
      cursors_.push_back(c);
    }
    for (auto& c : cursors_) step(c);
    return error_.empty();
  }

  bool next(Record& rec, bool& ok, std::vector<Reject>& rejects) override {
    Cursor& ec = cursors_[entity_];
    if (!ec.has_row || !error_.empty()) return false;
    rec.reset(p_);
    ++counts_.entities_read;
    const ir::Table& et = p_.tables[static_cast<size_t>(p_.entity)];
    std::string reason;
    ok = read_row(ec, rec.entity, reason);
    std::string key = ec.key;
    if (ok && have_prev_ && key == prev_key_) {
      ok = false;
      reason = "duplicate key `" + key + "` (first seen at row " + std::to_string(prev_row_) + ")";
    }
    if (!ok) rejects.push_back({et.name, rec.entity.source_row, key, reason});
    if (ok || !have_prev_ || key != prev_key_) {
      prev_key_ = key;
      prev_row_ = rec.entity.source_row;
      have_prev_ = true;
    }
    step(ec);
    for (size_t i = 0; i < cursors_.size(); ++i) {
      if (i == entity_) continue;
      Cursor& c = cursors_[i];
      const ir::Table& t = p_.tables[static_cast<size_t>(c.table)];
      while (c.has_row && c.key < key) orphan(c, rejects);
      while (c.has_row && c.key == key && !ok)
        reject_event(c, "its entity `" + key + "` was rejected", rejects);
      while (c.has_row && c.key == key) {
        ++counts_.events_read;
        Row& row = rec.events[static_cast<size_t>(c.table)].push(t.fields.size());
        std::string why;
        if (!read_row(c, row, why)) {
          rec.events[static_cast<size_t>(c.table)].size--;
          ++counts_.events_rejected;
          rejects.push_back({t.name, row.source_row, c.key, why});
        }
        step(c);
      }
    }
    return error_.empty();
  }

  void finish(std::vector<Reject>& rejects) override {
    for (size_t i = 0; i < cursors_.size(); ++i)
      if (i != entity_)
        while (cursors_[i].has_row && error_.empty()) orphan(cursors_[i], rejects);
  }

  const std::string& error() const override { return error_; }
  const SourceCounts& counts() const override { return counts_; }
  std::string describe() const override { return "sqlite:" + path_; }

 private:
  struct Cursor {
    sqlite3_stmt* stmt = nullptr;
    int32_t table = -1;
    int32_t key_slot = -1;
    bool has_row = false;
    std::string key;
  };

  void step(Cursor& c) {
    int rc = sqlite3_step(c.stmt);
    c.has_row = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      error_ = std::string("reading `") + path_ + "`: " + sqlite3_errmsg(db_);
      c.has_row = false;
      return;
    }
    if (c.has_row) {
      const unsigned char* k = sqlite3_column_text(c.stmt, c.key_slot + 1);
      c.key.assign(k ? reinterpret_cast<const char*>(k) : "",
                   static_cast<size_t>(sqlite3_column_bytes(c.stmt, c.key_slot + 1)));
    }
  }

  void orphan(Cursor& c, std::vector<Reject>& rejects) {
    reject_event(c, "no entity has key `" + c.key + "`", rejects);
  }

  void reject_event(Cursor& c, const std::string& reason, std::vector<Reject>& rejects) {
    ++counts_.events_read;
    ++counts_.events_rejected;
    rejects.push_back({p_.tables[static_cast<size_t>(c.table)].name,
                       sqlite3_column_int64(c.stmt, 0), c.key, reason});
    step(c);
  }

  bool read_row(Cursor& c, Row& row, std::string& reason) {
    const ir::Table& t = p_.tables[static_cast<size_t>(c.table)];
    row.resize(t.fields.size());
    row.source_row = sqlite3_column_int64(c.stmt, 0);
    for (size_t f = 0; f < t.fields.size(); ++f) {
      int col = static_cast<int>(f) + 1;
      int type = sqlite3_column_type(c.stmt, col);
      ir::FieldType ft = t.fields[f].type;
      // Typed fast paths; everything else goes through the shared text rules.
      if (type == SQLITE_INTEGER && (ft == ir::FieldType::kInt || ft == ir::FieldType::kDecimal)) {
        int64_t v = sqlite3_column_int64(c.stmt, col);
        row.values[f] = ft == ir::FieldType::kInt ? ir::Value::integer(v)
                                                  : ir::Value::decimal(static_cast<double>(v));
        continue;
      }
      if (type == SQLITE_FLOAT && ft == ir::FieldType::kDecimal) {
        row.values[f] = ir::Value::decimal(sqlite3_column_double(c.stmt, col));
        continue;
      }
      if (type == SQLITE_INTEGER && ft == ir::FieldType::kBool) {
        int64_t v = sqlite3_column_int64(c.stmt, col);
        if (v == 0 || v == 1) {
          row.values[f] = ir::Value::boolean(v == 1);
          continue;
        }
      }
      std::optional<std::string_view> raw;
      if (type != SQLITE_NULL) {
        const unsigned char* s = sqlite3_column_text(c.stmt, col);
        raw = std::string_view(reinterpret_cast<const char*>(s),
                               static_cast<size_t>(sqlite3_column_bytes(c.stmt, col)));
      }
      if (!conv_.convert(c.table, f, raw, row, reason)) return false;
    }
    return true;
  }

  const ir::Program& p_;
  Converter conv_;
  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<Cursor> cursors_;
  size_t entity_ = 0;
  std::string error_;
  SourceCounts counts_;
  std::string prev_key_;
  int64_t prev_row_ = 0;
  bool have_prev_ = false;
};

}  // namespace

std::unique_ptr<RecordSource> open_sqlite(const ir::Program& p, const std::string& path,
                                          std::string& error) {
  auto s = std::make_unique<SqliteSource>(p, path);
  if (!s->open()) {
    error = s->error();
    return nullptr;
  }
  return s;
}

}  // namespace jianguan::rt
