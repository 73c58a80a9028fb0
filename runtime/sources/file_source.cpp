// CSV and JSON Lines sources: each file is read row by row, its cells
// converted by the same Converter as SQLite's, into the sort that merges
// the tables (sorted_source.h), so what is accepted or rejected, and the
// report, are the same whatever the format.
//
// Before the sort was ours, each file was first copied, cells still text,
// into a temporary SQLite database for SQLite's sorter to read; before
// that, event files were loaded into memory by entity key and every entity
// key was remembered to find duplicates, and 1M entities with their events
// took 1 GB.
#include "sources/file_source.h"

#include <atomic>
#include <filesystem>

#include "sources/sorted_source.h"

namespace jianguan::rt {

namespace fs = std::filesystem;

namespace {

// A row longer than this is rejected rather than held: the sort stores
// lengths in 32 bits, and no record of a register is this long. (It is the
// limit the SQLite staging databases had, so the rejection reads the same.)
constexpr size_t kLongestRow = 500000000;

// One file's rows, in the order they are in it.
class FileRows final : public RowInput {
 public:
  FileRows(const Converter& conv, int32_t table, size_t fields, int32_t key,
           std::unique_ptr<RowReader> reader, uint64_t bytes, const std::atomic<bool>* cancel)
      : conv_(conv),
        table_(table),
        fields_(fields),
        key_(key),
        reader_(std::move(reader)),
        bytes_(bytes),
        cancel_(cancel) {}

  bool read(RowSorter& sorter, std::string& error) override {
    std::vector<std::optional<std::string>> cells;
    std::vector<ir::Value> values(fields_);
    std::string reason;
    int64_t row = 0;
    for (int64_t n = 0; reader_->next(cells, row, reason); ++n) {
      if (n % 4096 == 0 && (stop_.load() || (cancel_ && cancel_->load()))) {
        error = "interrupted";
        return false;
      }
      cells.resize(fields_);
      size_t size = 0;
      for (const auto& c : cells) size += c ? c->size() : 0;
      const bool too_long = size > kLongestRow;
      if (too_long && reason.empty())
        reason = "row is " + std::to_string(size) + " bytes long, more than the " +
                 std::to_string(kLongestRow) + " a record may have";
      // A row the reader found malformed has no usable cells.
      bool bad = !reason.empty();
      if (bad)
        values.assign(fields_, ir::Value{});
      else
        bad = !convert(cells, values.data(), reason);
      std::string_view key;
      if (!too_long && cells[static_cast<size_t>(key_)]) key = *cells[static_cast<size_t>(key_)];
      if (!sorter.add(key, row, values.data(), fields_, bad ? &reason : nullptr, error))
        return false;
      reason.clear();
    }
    if (!reader_->error().empty()) {
      error = reader_->error();
      return false;
    }
    return true;
  }

  void interrupt() override { stop_ = true; }
  uint64_t size_hint() const override { return bytes_; }

 private:
  bool convert(const std::vector<std::optional<std::string>>& cells, ir::Value* values,
               std::string& reason) {
    for (size_t f = 0; f < fields_; ++f) {
      // An absent cell is a view without bytes; an empty string's has them.
      const std::string_view raw = cells[f] ? std::string_view(*cells[f]) : std::string_view();
      if (!conv_.convert(conv_.field(table_, f), raw, values[f], reason)) {
        for (size_t g = f; g < fields_; ++g) values[g] = ir::Value{};
        return false;
      }
    }
    return true;
  }

  const Converter& conv_;
  int32_t table_;
  size_t fields_;
  int32_t key_;
  std::unique_ptr<RowReader> reader_;
  uint64_t bytes_;  // the file's size
  const std::atomic<bool>* cancel_;
  std::atomic<bool> stop_{false};
};

}  // namespace

std::unique_ptr<RecordSource> open_files(const ir::Program& p, const std::string& path,
                                         const std::string& ext, const ReaderFactory& make,
                                         int threads, std::string& error,
                                         const std::atomic<bool>* cancel, const FieldsRead* read) {
  std::error_code ec;
  bool folder = fs::is_directory(path, ec);
  auto conv = std::make_shared<const Converter>(p);
  std::vector<TableInput> tables;
  bool have_entities = false;
  for (size_t t = 0; t < p.tables.size(); ++t) {
    const ir::Table& table = p.tables[t];
    std::string file = folder ? (fs::path(path) / (table.source + ext)).string() : path;
    if (!folder && table.is_event) continue;                // a single file holds the entities only
    if (table.is_event && !fs::exists(file, ec)) continue;  // no events of this kind
    auto reader = make(file, table, error);
    if (!reader) return nullptr;
    if (table.is_event && table.link < 0) continue;
    have_entities = have_entities || !table.is_event;
    TableInput in;
    in.table = static_cast<int32_t>(t);
    const uintmax_t bytes = fs::file_size(file, ec);
    in.parts.push_back(std::make_unique<FileRows>(
        *conv, in.table, table.fields.size(), table.is_event ? table.link : table.key,
        std::move(reader), ec ? 0 : static_cast<uint64_t>(bytes), cancel));
    tables.push_back(std::move(in));
  }
  if (!have_entities) {
    error = "no entity file `" + p.tables[static_cast<size_t>(p.entity)].source + ext + "` in `" +
            path + "`";
    return nullptr;
  }
  return open_sorted(p, std::move(conv), std::move(tables), threads, path, read);
}

}  // namespace jianguan::rt
