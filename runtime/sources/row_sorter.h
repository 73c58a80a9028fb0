// An external sort of one table's converted rows by key bytes, then source row,
// in a fixed amount of memory: rows gather in a buffer, each full buffer is
// sorted and written to a temporary file as a run, and the runs are merged.
// A table that fits one buffer never touches the file.
//
// This replaced SQLite's own sorter (`ORDER BY`), which was most of a
// check's time: it builds, compares and writes SQLite records a page at a
// time and merges more than 16 runs in several passes. Here the rows are
// sorted once converted, in a compact form, and merged in one pass. A NULL
// key sorts as the empty key (by row among them; SQLite put NULLs first):
// both are rejected, and rejects are reported by table and row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lower/program.h"

namespace jianguan::rt {

// One row in sorted order, valid until the next call to RowSorter::next.
struct SortedRow {
  std::string_view key;
  int64_t rowid = 0;
  bool has_reason = false;
  std::string_view reason;      // why the row could not be converted
  const char* cells = nullptr;  // for decode_cells
};

struct SortKey;

class RowSorter {
 public:
  // `run_bytes`: the buffer a run gathers in; `merge_bytes`: the read
  // buffers of all runs together while merging (each gets at least 4 KiB).
  RowSorter(size_t run_bytes, size_t merge_bytes);
  ~RowSorter();
  RowSorter(const RowSorter&) = delete;
  RowSorter& operator=(const RowSorter&) = delete;

  // Adds a row; text values are read through their pointers. `reason` is
  // null for a row that converted. False with `error` set when a run cannot
  // be written.
  bool add(std::string_view key, int64_t rowid, const ir::Value* values, size_t fields,
           const std::string* reason, std::string& error);
  // Ends the input.
  bool finish(std::string& error);
  // The next row by (key, rowid); false at the end, or with `error` set.
  bool next(SortedRow& row, std::string& error);

  // How many runs went to the temporary file (0: all in memory).
  size_t runs() const { return runs_.size(); }

 private:
  struct Reader;
  bool spill(std::string& error);
  void release();
  bool load(Reader& r, std::string& error);
  void sift_down(size_t i);

  size_t run_bytes_, merge_bytes_;
  std::string buf_;            // rows of the run being gathered
  std::vector<size_t> index_;  // their offsets; pointers once sorted
  std::vector<SortKey> sorted_;
  size_t pos_ = 0;
  int fd_ = -1;
  uint64_t file_end_ = 0;
  struct Run {
    uint64_t begin, end;
  };
  std::vector<Run> runs_;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::vector<Reader*> heap_;
  Reader* pending_ = nullptr;  // taken by the last next(); advanced by the next one
  bool merging_ = false;
};

// Decodes the `fields` values of `cells`; text values point into the row,
// so they are valid as long as it is.
void decode_cells(const char* cells, size_t fields, ir::Value* out);

}  // namespace jianguan::rt
