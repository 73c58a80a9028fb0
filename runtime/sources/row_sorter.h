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
#include "sources/key_quantiles.h"
#include "sources/row_form.h"

namespace jianguan::rt {

// One row in sorted order, valid until the next call to RowSorter::next.
struct SortedRow {
  std::string_view key;
  int64_t rowid = 0;
  bool has_reason = false;
  std::string_view reason;      // why the row could not be converted
  const char* cells = nullptr;  // for decode_cells
};

// The parts of a row of the sort, read where they are used: a SortedRow
// filled by a call and read back by its caller went through memory, each
// field written alone and read in pairs, a stall each time.
inline SortedRow sorted_row(const char* row) {
  using namespace row_form;
  SortedRow out;
  out.rowid = row_id(row);
  out.key = row_key(row);
  out.has_reason = row_has_reason(row);
  const std::string_view reason = row_reason(row, out.key);
  if (out.has_reason) out.reason = reason;
  out.cells = reason.data() + reason.size();
  return out;
}

struct SortKey;

// What a finished sort holds: its rows in memory, or its runs in the
// temporary file. Shared by the ranges read from it and freed with the last.
struct SortStore;

// The rows of a finished sort whose keys lie in one range, in (key, rowid)
// order. Ranges of one sort may be read at once, each on a thread of its own.
class SortedRange {
 public:
  ~SortedRange();
  SortedRange(const SortedRange&) = delete;
  SortedRange& operator=(const SortedRange&) = delete;
  // The next row; false at the end, or with `error` set.
  bool next(SortedRow& row, std::string& error) {
    const char* r = next_row(error);
    if (!r) return false;
    row = sorted_row(r);
    return true;
  }
  // The same as the row's bytes (sorted_row() reads them); null at the end.
  const char* next_row(std::string& error);

 private:
  friend class RowSorter;
  struct Reader;
  SortedRange(std::shared_ptr<SortStore> store, std::string lo, std::string hi, bool has_lo,
              bool has_hi);
  bool load(Reader& r, std::string& error);
  void sift_down(size_t i);
  void done();

  std::shared_ptr<SortStore> store_;
  std::vector<std::shared_ptr<SortStore>> more_stores_;  // split_together()'s other sorts
  std::string lo_, hi_;
  bool has_lo_, has_hi_;
  size_t pos_ = 0, end_ = 0;  // in memory: rows [pos_, end_) of the sorted ones
  std::vector<std::unique_ptr<Reader>> readers_;
  std::vector<Reader*> heap_;
  Reader* pending_ = nullptr;  // taken by the last next(); advanced by the next one
  bool started_ = false;
};

class RowSorter {
 public:
  // `run_bytes`: the buffer a run gathers in; `merge_bytes`: the read
  // buffers of all runs together while merging (each gets at least 4 KiB).
  RowSorter(size_t run_bytes, size_t merge_bytes);
  ~RowSorter();
  RowSorter(const RowSorter&) = delete;
  RowSorter& operator=(const RowSorter&) = delete;

  // Fields whose slot is 0 here are stored as missing: read and checked by
  // the source, but no one reads their value. Before the first add().
  void carry_only(std::vector<char> fields) { carried_ = std::move(fields); }

  // Adds a row; text values are read through their pointers. `reason` is
  // null for a row that converted. False with `error` set when a run cannot
  // be written.
  bool add(std::string_view key, int64_t rowid, const ir::Value* values, size_t fields,
           const std::string* reason, std::string& error);
  // Ends the input.
  bool finish(std::string& error);

  // Adds the samples of each run to `out` (rows_below() reads them): keys
  // spread through the sorted rows, one per kSampleBytes of a run in the
  // file, from a place that differs from run to run; kMemorySamples when
  // all rows are in memory.
  void sample(std::vector<RunSamples>& out) const;
  static constexpr size_t kSampleBytes = size_t{256} << 10;
  static constexpr size_t kMemorySamples = 256;

  // Cuts the sorted rows at `bounds` (keys in ascending order): range 0 has
  // the keys below bounds[0], range i those from bounds[i-1] up to (not
  // including) bounds[i], the last those from the last bound on. Called
  // once, after finish(). A run is read only from about where a range
  // begins. A range takes its read buffers when it starts and gives them
  // back at its end: `at_once` ranges read at a time share `merge_bytes`.
  std::vector<std::unique_ptr<SortedRange>> split(const std::vector<std::string>& bounds,
                                                  size_t at_once);
  // The same over the rows of several sorts at once (the parts of one
  // table), each range merging the runs of all of them: rows come in (key,
  // rowid) order, as from one sort of all the rows. Empty when one of the
  // sorts holds its rows in memory; they are then split one by one.
  static std::vector<std::unique_ptr<SortedRange>> split_together(
      const std::vector<RowSorter*>& sorters, const std::vector<std::string>& bounds,
      size_t at_once);

  // The next row by (key, rowid), all rows as one range; false at the end,
  // or with `error` set. Not with split().
  bool next(SortedRow& row, std::string& error);

  // How many runs went to the temporary file (0: all in memory).
  size_t runs() const;

 private:
  bool spill(std::string& error);
  // The ranges of split() over sorts whose rows are all in runs, each range
  // merging the runs of every one of them.
  static std::vector<std::unique_ptr<SortedRange>> file_ranges(
      std::vector<std::shared_ptr<SortStore>> stores, const std::vector<std::string>& bounds,
      size_t at_once);
  // Readers for the runs of `s` that hold rows of `r`'s key range, each
  // with `each` bytes of buffer.
  static void add_readers(const SortStore& s, SortedRange& r, size_t each);

  size_t run_bytes_;
  std::shared_ptr<SortStore> store_;
  std::vector<size_t> index_;  // offsets of the rows of the run being gathered
  int64_t last_rowid_ = 0;
  bool in_order_ = true;              // the run's rows came in rowid order
  std::unique_ptr<SortedRange> all_;  // for next()
  size_t runs_ = 0;
  std::vector<char> carried_;  // by slot; beyond its end, carried
};

// Decodes the `fields` values of `row`'s cells; text values point into the
// row, so they are valid as long as it is.
void decode_cells(const char* cells, std::string_view key, size_t fields, ir::Value* out);
inline void decode_cells(const SortedRow& row, size_t fields, ir::Value* out) {
  decode_cells(row.cells, row.key, fields, out);
}

}  // namespace jianguan::rt
