// A file written under a temporary name and renamed into place on commit;
// removed if never committed, so no half-written report is ever left.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace jianguan::rt {

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Empty or "-" path: standard output (commit just flushes).
  bool open(const std::string& path, std::string& error);
  std::FILE* file() const { return f_; }
  const std::string& temp_path() const { return tmp_; }
  // A file that commit() syncs to the disk (not standard output).
  bool durable() const { return f_ && !stdout_; }
  bool commit(std::string& error);

 private:
  std::string path_, tmp_;
  std::unique_ptr<char[]> buf_;  // outlives f_: closed in the destructor's body
  std::FILE* f_ = nullptr;
  bool stdout_ = false;
};

// Reports are written through buffers of this size: with stdio's own (4 KiB)
// a 330 MB JSON report took 93,000 write calls. glibc ignores the size given
// to setvbuf without a buffer, so the buffer is ours.
inline constexpr size_t kReportBuffer = size_t{256} << 10;

// An anonymous temporary file in the temporary folder (temporary_folder(),
// where the sort's runs go too), gone when closed, written through a
// kReportBuffer buffer.
class TempStream {
 public:
  TempStream();
  ~TempStream();
  TempStream(const TempStream&) = delete;
  TempStream& operator=(const TempStream&) = delete;
  // Null when the file could not be made (error() says why).
  std::FILE* get() const { return f_; }
  // Nothing more is written: the buffer goes back, the file stays to be
  // copied.
  void seal();
  // Appends everything written so far to the report `out`; when it is
  // synced at the end, each chunk is sent on to the disk as it is copied.
  // False, with error() set, when a write to this file failed or it cannot
  // be read back: the report would lack what it held.
  bool copy_to(AtomicFile& out);
  // Done with: the file goes (and its pages with it). get() is null after.
  void close();
  const std::string& error() const { return error_; }

 private:
  bool flushed();

  std::string folder_;  // where the file is, for messages
  std::unique_ptr<char[]> buf_;
  std::FILE* f_ = nullptr;
  std::string error_;
};

// Every temporary file of the process, so a signal handler can remove them.
void remove_temporary_files();

}  // namespace jianguan::rt
