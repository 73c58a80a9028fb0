// What the SQLite source reads: the user's database, or the staging
// databases that CSV and JSON Lines files are copied into (staged_source.cpp)
// so that every format is read in key order by the same merge.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "sources/source.h"

namespace jianguan::rt {

// A staged file is one table named `rows`, with the file's row or line
// number as rowid, one column per field slot (`c0`, `c1`, ...) holding the
// cell's text or NULL, and a `reason` column: NULL, or why the reader found
// the row malformed (its cells are then unusable).
inline constexpr const char* kStagedTable = "rows";
inline constexpr const char* kStagedReason = "reason";
inline std::string staged_column(size_t slot) {
  std::string name = "c";  // appended: GCC 12 warns falsely on "c" + string
  return name.append(std::to_string(slot));
}

struct SqliteInput {
  // By program table: the database holding it, or "" when there are no rows
  // of that table to read.
  std::vector<std::string> paths;
  bool staged = false;
  std::string describe;  // the source as reports name it
  // When it becomes true, a sort or read in progress stops ("interrupted").
  const std::atomic<bool>* cancel = nullptr;
};

std::unique_ptr<RecordSource> open_sqlite_input(const ir::Program& p, SqliteInput in, int threads,
                                                std::string& error);

}  // namespace jianguan::rt
