// Every source reaches the checker the same way: each table is read once in
// the order it is stored, each row converted and sorted by key, then source
// row (row_sorter.h), and the tables are merged by key into records. Memory
// stays flat however many records there are, and the same records give the
// same report, in the same order, whatever their format.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "eval/fields_read.h"
#include "sources/convert.h"
#include "sources/row_sorter.h"
#include "sources/source.h"

namespace jianguan::rt {

// One table's rows, or a part of them, in the order they are stored.
class RowInput {
 public:
  virtual ~RowInput() = default;
  // Converts every row and adds it to `sorter` with its key, its source row
  // and, when it could not be converted, why. False with `error` set when
  // reading fails or is interrupted ("interrupted").
  virtual bool read(RowSorter& sorter, std::string& error) = 0;
  // Makes a read in progress on another thread stop soon.
  virtual void interrupt() = 0;
  // About how much there is to read, in any unit shared by the inputs of
  // one source (rows times columns, bytes): the largest are sorted first.
  virtual uint64_t size_hint() const { return 0; }
};

struct TableInput {
  int32_t table = 0;  // index into the program's tables
  // Parts in the order of their source rows: on equal keys the earlier part
  // comes first, so the order is that of the table read whole.
  std::vector<std::unique_ptr<RowInput>> parts;
};

// Merges `tables` (the entity table and each event table with rows) into
// records. With `threads` above 1 that many threads read and sort the parts,
// the largest first. `converter` is the one the inputs use; it is kept
// alive here. Given `read`, the fields it does not mark are missing in the
// records (each is still converted, and a bad cell rejects its row).
std::unique_ptr<RecordSource> open_sorted(const ir::Program& p,
                                          std::shared_ptr<const Converter> converter,
                                          std::vector<TableInput> tables, int threads,
                                          std::string describe, const FieldsRead* read);

}  // namespace jianguan::rt
