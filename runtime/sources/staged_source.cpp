// Staging: each CSV or JSON Lines file is copied row by row, cells still as
// text, into a SQLite database of its own in the temporary folder; the
// SQLite source then sorts and merges those like any other tables.
//
// Before, event files were loaded into memory by entity key and every entity
// key was remembered to find duplicates: 1M entities with their events took
// 1 GB. Staging keeps memory flat, and as every format now goes through the
// same sorted merge, the same records give the same report, in the same
// order, whatever their format. Cells are converted only when the staged rows
// are read, by the same Converter, so what is accepted or rejected does not
// change either.
#include "sources/staged_source.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

#include "sources/sqlite_input.h"
#include "sources/temp_file.h"

namespace jianguan::rt {

namespace fs = std::filesystem;

namespace {

// The staging databases of one source. They are unlinked once the SQLite
// source has opened them (its connections keep them readable), so nothing is
// left behind however the process ends after that; before, by this object.
class StagingFiles {
 public:
  StagingFiles() = default;
  StagingFiles(const StagingFiles&) = delete;
  StagingFiles& operator=(const StagingFiles&) = delete;
  ~StagingFiles() { remove(); }

  // A new empty file, or "" with `error` set.
  std::string create(std::string& error) {
    fs::path dir = temporary_folder();
    std::string name = (dir / "jianguan-stage-XXXXXX.db").string();
    int fd = mkstemps(name.data(), 3);
    if (fd < 0) {
      const int why = errno;
      error = "cannot create a staging file in `" + dir.string() + "`: " + std::strerror(why) +
              " (set SQLITE_TMPDIR or TMPDIR to a folder with room for the data)";
      return "";
    }
    ::close(fd);
    paths_.push_back(name);
    return name;
  }

  void remove() {
    for (const auto& p : paths_) ::unlink(p.c_str());
    paths_.clear();
  }

 private:
  std::vector<std::string> paths_;
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};

// One file to stage: its reader, opened (so header errors come before any
// staging), and where it goes.
struct Job {
  std::string file;
  std::unique_ptr<RowReader> reader;
  size_t fields = 0;
  std::string db_path;
  const std::atomic<bool>* cancel = nullptr;
  std::string error;
};

// Copies every row of `job.reader` into a new `rows` table at `job.db_path`.
void stage(Job& job) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(job.db_path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  auto fail = [&](const char* what) {
    job.error = "staging `" + job.file + "` in `" + job.db_path + "`: " + what + ": " +
                (db ? sqlite3_errmsg(db.get()) : "out of memory");
  };
  if (rc != SQLITE_OK) return fail("cannot open");
  std::string columns, params = "?";
  for (size_t f = 0; f < job.fields; ++f) {
    columns += staged_column(f) + ", ";
    params += ", ?";
  }
  columns += kStagedReason;
  params += ", ?";
  // The file is private and rebuilt from the input if anything fails, so
  // neither a journal nor syncing is needed.
  std::string setup = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE TABLE " +
                      std::string(kStagedTable) + " (" + columns + "); BEGIN";
  if (sqlite3_exec(db.get(), setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail("cannot create the table");
  std::string insert = "INSERT INTO " + std::string(kStagedTable) + " (rowid, " + columns +
                       ") VALUES (" + params + ")";
  sqlite3_stmt* st_raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), insert.c_str(), -1, &st_raw, nullptr) != SQLITE_OK)
    return fail("cannot prepare");
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> st(st_raw);
  std::vector<std::optional<std::string>> cells;
  std::string reason;
  int64_t row = 0;
  // SQLite refuses a row longer than this, which would end the whole check;
  // such a row is rejected instead, like any other that cannot be read.
  const size_t longest = static_cast<size_t>(sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, -1)) / 2;
  for (int64_t n = 0; job.reader->next(cells, row, reason); ++n) {
    if (n % 4096 == 0 && job.cancel && job.cancel->load()) {
      job.error = "interrupted";
      return;
    }
    sqlite3_bind_int64(st.get(), 1, row);
    size_t size = 0;
    for (size_t f = 0; f < cells.size(); ++f) size += cells[f] ? cells[f]->size() : 0;
    if (size > longest) {
      reason = "row is " + std::to_string(size) + " bytes long, more than the " +
               std::to_string(longest) + " a record may have";
      cells.assign(cells.size(), std::nullopt);
    }
    for (size_t f = 0; f < job.fields; ++f) {
      int at = static_cast<int>(f) + 2;
      if (f < cells.size() && cells[f])
        sqlite3_bind_text(st.get(), at, cells[f]->data(), static_cast<int>(cells[f]->size()),
                          SQLITE_STATIC);
      else
        sqlite3_bind_null(st.get(), at);
    }
    int at = static_cast<int>(job.fields) + 2;
    if (reason.empty())
      sqlite3_bind_null(st.get(), at);
    else
      sqlite3_bind_text(st.get(), at, reason.data(), static_cast<int>(reason.size()),
                        SQLITE_STATIC);
    rc = sqlite3_step(st.get());
    sqlite3_reset(st.get());
    if (rc != SQLITE_DONE) return fail(("row " + std::to_string(row)).c_str());
  }
  st.reset();
  if (sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail("cannot commit");
}

}  // namespace

std::unique_ptr<RecordSource> open_staged(const ir::Program& p, const std::string& path,
                                          const std::string& ext, const ReaderFactory& make,
                                          int threads, std::string& error,
                                          const std::atomic<bool>* cancel) {
  std::error_code ec;
  bool folder = fs::is_directory(path, ec);
  SqliteInput in;
  in.paths.assign(p.tables.size(), "");
  in.staged = true;
  in.describe = path;
  in.cancel = cancel;
  std::vector<Job> jobs;
  std::vector<size_t> job_table;
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
    jobs.push_back({file, std::move(reader), table.fields.size(), "", cancel, ""});
    job_table.push_back(t);
  }
  if (!have_entities) {
    error = "no entity file `" + p.tables[static_cast<size_t>(p.entity)].source + ext + "` in `" +
            path + "`";
    return nullptr;
  }
  StagingFiles files;
  for (Job& job : jobs) {
    job.db_path = files.create(error);
    if (job.db_path.empty()) return nullptr;
  }
  std::vector<std::thread> workers;
  for (Job& job : jobs) {
    if (threads > 1) {
      try {
        workers.emplace_back([&job] { stage(job); });
        continue;
      } catch (const std::system_error&) {
        // No thread to be had: stage this file here instead.
      }
    }
    stage(job);
  }
  for (auto& w : workers) w.join();
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!jobs[i].error.empty()) {
      error = jobs[i].error;
      return nullptr;
    }
    in.paths[job_table[i]] = jobs[i].db_path;
  }
  auto source = open_sqlite_input(p, std::move(in), threads, error);
  files.remove();
  return source;
}

}  // namespace jianguan::rt
