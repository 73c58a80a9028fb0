// Record sources: where entities and their events come from. One interface;
// sqlite_source.cpp reads SQLite, file_source.cpp CSV and JSON Lines, and
// sorted_source.cpp merges their sorted tables into records; only
// sqlite_source.cpp includes sqlite3.h.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "eval/fields_read.h"
#include "eval/record.h"
#include "lower/program.h"

namespace jianguan::rt {

// A record (entity or event row) that was read but could not be checked.
struct Reject {
  std::string table;
  int64_t row = 0;  // 1-based row (SQLite rowid, CSV data row, JSON Lines line)
  std::string key;
  std::string reason;
};

struct SourceCounts {
  int64_t entities_read = 0;
  int64_t events_read = 0;
  int64_t events_rejected = 0;
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Reads the next entity with its events into `rec`. An entity that cannot
  // be checked is appended to `rejects` and `rec` is left unusable (returns
  // true with `ok` false); event rows that cannot be used go to `rejects`
  // too. Returns false at the end of the data.
  virtual bool next(Record& rec, bool& ok, std::vector<Reject>& rejects) = 0;
  // Event rows left over at the end (their entity never came): rejected.
  virtual void finish(std::vector<Reject>& rejects) = 0;
  // A fatal problem (unreadable file, missing table or column), or "".
  virtual const std::string& error() const = 0;
  virtual const SourceCounts& counts() const = 0;
  virtual std::string describe() const = 0;
  // Cuts the records into at most `n` sources of consecutive key ranges, to
  // be read on threads, `at_once` at a time (they share read buffers sized
  // for that many): read one after the other, they give what this source
  // would, rejects and their order included, and their counts add up to
  // its. Empty when this source cannot be cut; it is then read whole. Only
  // before next(), and this source is not read after; the parts must not
  // outlive it.
  virtual std::vector<std::unique_ptr<RecordSource>> split(size_t /*n*/, size_t /*at_once*/) {
    return {};
  }
};

// Opens `path`: a SQLite database (the default: *.db, *.sqlite, or a file
// that starts with the SQLite header), a folder or file of CSV (*.csv) or
// JSON Lines (*.jsonl). `format` forces one ("sqlite", "csv", "jsonl").
// With `threads` above 1 every table is read and sorted on a thread of its
// own. Reading and sorting large tables takes a while: when `cancel` becomes
// true it stops, with the error "interrupted". Given `read` (fields_read()),
// records carry only the fields it marks, the others missing: every field
// is still read and checked, and a bad cell rejects its record all the same.
std::unique_ptr<RecordSource> open_source(const ir::Program& p, const std::string& path,
                                          const std::string& format, int threads,
                                          std::string& error,
                                          const std::atomic<bool>* cancel = nullptr,
                                          const FieldsRead* read = nullptr);

std::unique_ptr<RecordSource> open_sqlite(const ir::Program& p, const std::string& path,
                                          int threads, std::string& error,
                                          const std::atomic<bool>* cancel = nullptr,
                                          const FieldsRead* read = nullptr);
std::unique_ptr<RecordSource> open_csv(const ir::Program& p, const std::string& path, int threads,
                                       std::string& error, const std::atomic<bool>* cancel,
                                       const FieldsRead* read = nullptr);
std::unique_ptr<RecordSource> open_jsonl(const ir::Program& p, const std::string& path, int threads,
                                         std::string& error, const std::atomic<bool>* cancel,
                                         const FieldsRead* read = nullptr);

}  // namespace jianguan::rt
