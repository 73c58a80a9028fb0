#include "sources/tabular_source.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "sources/convert.h"

namespace jianguan::rt {

namespace fs = std::filesystem;

namespace {

class TabularSource final : public RecordSource {
 public:
  TabularSource(const ir::Program& p, std::string path) : p_(p), conv_(p), path_(std::move(path)) {}

  bool open(const std::string& ext, const ReaderFactory& make) {
    std::error_code ec;
    bool folder = fs::is_directory(path_, ec);
    for (int32_t t = 0; t < static_cast<int32_t>(p_.tables.size()); ++t) {
      const ir::Table& table = p_.tables[static_cast<size_t>(t)];
      std::string file = folder ? (fs::path(path_) / (table.source + ext)).string() : path_;
      if (!folder && table.is_event) continue;  // a single file holds the entities only
      if (table.is_event && !fs::exists(file, ec)) continue;  // no events of this kind
      auto reader = make(file, table, error_);
      if (!reader) return false;
      if (!table.is_event) {
        entities_ = std::move(reader);
        continue;
      }
      if (table.link < 0) continue;
      load_events(t, *reader);
      if (!error_.empty()) return false;
    }
    if (!entities_) {
      error_ = "no entity file `" + p_.tables[static_cast<size_t>(p_.entity)].source + ext +
               "` in `" + path_ + "`";
      return false;
    }
    return true;
  }

  bool next(Record& rec, bool& ok, std::vector<Reject>& rejects) override {
    std::string reason;
    int64_t row = 0;
    if (!entities_->next(cells_, row, reason)) return false;
    rec.reset(p_);
    ++counts_.entities_read;
    const ir::Table& et = p_.tables[static_cast<size_t>(p_.entity)];
    entity_row_.source_row = row;
    ok = reason.empty() && fill(p_.entity, cells_, entity_row_, reason);
    if (ok) rec.set_entity(entity_row_);
    std::string key = et.key >= 0 && static_cast<size_t>(et.key) < cells_.size() &&
                              cells_[static_cast<size_t>(et.key)]
                          ? *cells_[static_cast<size_t>(et.key)]
                          : "";
    if (ok) {
      auto [it, fresh] = seen_.emplace(key, row);
      if (!fresh) {
        ok = false;
        reason =
            "duplicate key `" + key + "` (first seen at row " + std::to_string(it->second) + ")";
      }
    }
    if (!ok) {
      rejected_keys_.insert(key);
      rejects.push_back({et.name, row, key, reason});
      return true;
    }
    for (auto& [table, by_key] : events_) {
      auto it = by_key.find(key);
      if (it == by_key.end()) continue;
      for (const Row& r : it->second) rec.append(table, r);
      by_key.erase(it);
    }
    return true;
  }

  void finish(std::vector<Reject>& rejects) override {
    rejects.insert(rejects.end(), pending_rejects_.begin(), pending_rejects_.end());
    pending_rejects_.clear();
    // Events whose entity never came, in a stable order: by table, then row.
    for (auto& [table, by_key] : events_) {
      std::vector<std::pair<int64_t, std::string>> left;
      for (auto& [key, rows] : by_key)
        for (auto& r : rows) left.push_back({r.source_row, key});
      std::sort(left.begin(), left.end());
      for (auto& [row, key] : left) {
        ++counts_.events_rejected;
        std::string why = seen_.count(key) || rejected_keys_.count(key)
                              ? "its entity `" + key + "` was rejected"
                              : "no entity has key `" + key + "`";
        rejects.push_back({p_.tables[static_cast<size_t>(table)].name, row, key, why});
      }
      by_key.clear();
    }
  }

  const std::string& error() const override { return error_; }
  const SourceCounts& counts() const override { return counts_; }
  std::string describe() const override { return path_; }

 private:
  bool fill(int32_t table, const std::vector<std::optional<std::string>>& cells, Row& row,
            std::string& reason) {
    const ir::Table& t = p_.tables[static_cast<size_t>(table)];
    row.resize(t.fields.size());
    for (size_t f = 0; f < t.fields.size(); ++f) {
      std::optional<std::string_view> raw;
      if (f < cells.size() && cells[f]) raw = *cells[f];
      if (!conv_.convert(table, f, raw, row, reason)) return false;
    }
    return true;
  }

  void load_events(int32_t table, RowReader& reader) {
    const ir::Table& t = p_.tables[static_cast<size_t>(table)];
    auto& by_key = events_[table];
    std::vector<std::optional<std::string>> cells;
    std::string reason;
    int64_t row = 0;
    while (reader.next(cells, row, reason)) {
      ++counts_.events_read;
      Row r;
      r.source_row = row;
      std::string key =
          static_cast<size_t>(t.link) < cells.size() && cells[static_cast<size_t>(t.link)]
              ? *cells[static_cast<size_t>(t.link)]
              : "";
      if (!reason.empty() || !fill(table, cells, r, reason)) {
        ++counts_.events_rejected;
        pending_rejects_.push_back({t.name, row, key, reason});
        reason.clear();
        continue;
      }
      by_key[key].push_back(std::move(r));
    }
  }

  const ir::Program& p_;
  Converter conv_;
  std::string path_;
  std::unique_ptr<RowReader> entities_;
  std::map<int32_t, std::unordered_map<std::string, std::vector<Row>>> events_;
  std::unordered_map<std::string, int64_t> seen_;  // key -> first row
  std::unordered_set<std::string> rejected_keys_;
  std::vector<std::optional<std::string>> cells_;
  Row entity_row_;  // converted here, then copied into the record
  std::string error_;
  SourceCounts counts_;
  std::vector<Reject> pending_rejects_;  // event rows that failed to load
};

}  // namespace

std::unique_ptr<RecordSource> open_tabular(const ir::Program& p, const std::string& path,
                                           const std::string& ext, const ReaderFactory& make,
                                           std::string& error) {
  auto s = std::make_unique<TabularSource>(p, path);
  if (!s->open(ext, make)) {
    error = s->error();
    return nullptr;
  }
  return s;
}

}  // namespace jianguan::rt
