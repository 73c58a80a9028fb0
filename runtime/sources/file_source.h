// CSV and JSON Lines sources share everything but the reading of one row:
// each file is read once, its rows converted and sorted by key like a SQLite
// table's (sorted_source.h). Memory stays flat however large the files are,
// and all three formats give the same report.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "sources/source.h"

namespace jianguan::rt {

// Reads rows of one file as cells by field slot.
class RowReader {
 public:
  virtual ~RowReader() = default;
  // Returns false at the end of the file. When the row is malformed, `reason`
  // is set and the cells are unusable. `row` is the 1-based row / line.
  virtual bool next(std::vector<std::optional<std::string>>& cells, int64_t& row,
                    std::string& reason) = 0;
  // Once next() returned false: why the file could not be read to its end,
  // or "" when it was.
  virtual const std::string& error() const = 0;
};

using ReaderFactory = std::function<std::unique_ptr<RowReader>(
    const std::string& path, const ir::Table& t, std::string& error)>;

// The factory for a reader type with `bool open(path, table, error)`.
template <typename Reader>
ReaderFactory reader_factory() {
  return [](const std::string& file, const ir::Table& t,
            std::string& err) -> std::unique_ptr<RowReader> {
    auto r = std::make_unique<Reader>();
    if (!r->open(file, t, err)) return nullptr;
    return r;
  };
}

// `path` is a folder with a file per table named after its source
// (`entities.csv`, ...), or a single file holding the entities only. With
// `threads` above 1 the files are read and sorted at once, each on a thread.
// Reading stops with the error "interrupted" once `cancel` (if given) is
// true.
std::unique_ptr<RecordSource> open_files(const ir::Program& p, const std::string& path,
                                         const std::string& extension, const ReaderFactory& make,
                                         int threads, std::string& error,
                                         const std::atomic<bool>* cancel, const FieldsRead* read);

}  // namespace jianguan::rt
