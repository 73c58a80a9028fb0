#include "report/atomic_file.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>

#include "sources/temp_file.h"

namespace jianguan::rt {

namespace {
std::mutex g_mu;
std::set<std::string>& temps() {
  static std::set<std::string> s;
  return s;
}
}  // namespace

void remove_temporary_files() {
  // Called from a signal handler as the process ends: unlink is safe there;
  // the lock is not, so it is only tried.
  if (!g_mu.try_lock()) return;
  for (const auto& t : temps()) ::unlink(t.c_str());
  g_mu.unlock();
}

AtomicFile::~AtomicFile() {
  if (f_ && !stdout_) std::fclose(f_);
  if (!tmp_.empty()) {
    ::unlink(tmp_.c_str());
    std::lock_guard<std::mutex> lock(g_mu);
    temps().erase(tmp_);
  }
}

TempStream::TempStream() : folder_(temporary_folder()) {
  const int fd = open_unlinked_temp_file(error_);
  if (fd < 0) return;
  f_ = ::fdopen(fd, "w+b");
  if (!f_) {
    error_ = "cannot open a temporary file: " + std::string(std::strerror(errno));
    ::close(fd);
    return;
  }
  buf_ = std::make_unique<char[]>(kReportBuffer);
  std::setvbuf(f_, buf_.get(), _IOFBF, kReportBuffer);
}

TempStream::~TempStream() { close(); }

void TempStream::close() {
  if (f_) std::fclose(f_);
  f_ = nullptr;
  buf_.reset();
}

// Whether everything written reached the file. A full disk shows here, not
// at the write, and a report copied from a file cut short would be
// committed without what it lost.
bool TempStream::flushed() {
  if (!f_) {
    if (error_.empty()) error_ = "a temporary file for the report is missing";
    return false;
  }
  // errno tells why only when the flush failed: an earlier write that
  // failed left the error flag and no reason.
  const bool flush_failed = std::fflush(f_) != 0;
  const int why = errno;
  if (!flush_failed && !std::ferror(f_)) return true;
  if (error_.empty())
    error_ = "cannot write a temporary file for the report in `" + folder_ +
             "`: " + (flush_failed ? std::strerror(why) : "a write to it failed") +
             " (set SQLITE_TMPDIR or TMPDIR to a folder with room for the report)";
  return false;
}

// A finished part of a report waits to be joined: with a range of records
// per part, many wait at once, and their buffers (256 KiB each) would add up.
void TempStream::seal() {
  if (!buf_ || !flushed()) return;
  const int fd = ::dup(::fileno(f_));
  if (fd < 0) return;  // the buffer stays; nothing is lost
  std::fclose(f_);
  buf_.reset();
  f_ = ::fdopen(fd, "r+b");
  if (!f_) {
    error_ = "cannot reopen a temporary file for the report: " + std::string(std::strerror(errno));
    ::close(fd);
  }
}

// In the kernel first (sendfile, page cache to page cache): the JSON report
// copies 330 MB of sections at 1M entities, and through stdio that was three
// copies in memory. What sendfile cannot do (no such call, an output it
// refuses) goes through stdio as before. Sent on to the disk a chunk at a
// time, the copy and the final fsync overlap: 0.02-0.04 s less of the
// 0.37-0.41 s the two took at 1M entities (the disk writes some 1 GB/s).
bool TempStream::copy_to(AtomicFile& report) {
  if (!flushed()) return false;
  std::FILE* out = report.file();
  const int in_fd = ::fileno(f_), out_fd = ::fileno(out);
  const off_t size = ::lseek(in_fd, 0, SEEK_END);
  if (size < 0) {
    error_ = "cannot read a temporary file for the report: " + std::string(std::strerror(errno));
    return false;
  }
  constexpr off_t kChunk = off_t{8} << 20;
  off_t at = 0;
  if (std::fflush(out) == 0) {
    off_t written = report.durable() ? ::lseek(out_fd, 0, SEEK_CUR) : -1;
    while (at < size) {
      ssize_t n = ::sendfile(out_fd, in_fd, &at, static_cast<size_t>(std::min(kChunk, size - at)));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (written >= 0) {
        ::sync_file_range(out_fd, written, n, SYNC_FILE_RANGE_WRITE);
        written += n;
      }
    }
  }
  if (std::fseek(f_, at, SEEK_SET) != 0) {
    error_ = "cannot read a temporary file for the report: " + std::string(std::strerror(errno));
    return false;
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f_)) > 0) std::fwrite(buf, 1, n, out);
  if (std::ferror(f_)) {
    error_ = "cannot read a temporary file for the report";
    return false;
  }
  return true;
}

bool AtomicFile::open(const std::string& path, std::string& error) {
  if (path.empty() || path == "-") {
    f_ = stdout;
    stdout_ = true;
    return true;
  }
  path_ = path;
  tmp_ = path + ".tmp-" + std::to_string(::getpid());
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) {
    error = "cannot write `" + tmp_ + "`: " + std::strerror(errno);
    tmp_.clear();
    return false;
  }
  buf_ = std::make_unique<char[]>(kReportBuffer);
  std::setvbuf(f_, buf_.get(), _IOFBF, kReportBuffer);
  std::lock_guard<std::mutex> lock(g_mu);
  temps().insert(tmp_);
  return true;
}

bool AtomicFile::commit(std::string& error) {
  if (stdout_) {
    const bool flush_failed = std::fflush(stdout) != 0;
    const int why = errno;
    if (!flush_failed && !std::ferror(stdout)) return true;
    error = std::string("cannot write the report to standard output: ") +
            (flush_failed ? std::strerror(why) : "a write to it failed");
    return false;
  }
  // Each step's errno is taken at once: later calls may change it. A write
  // that failed before the last buffer was flushed left the error flag.
  std::string why;
  if (std::fflush(f_) != 0)
    why = std::strerror(errno);
  else if (std::ferror(f_))
    why = "a write to it failed";
  else if (::fsync(::fileno(f_)) != 0)
    why = std::strerror(errno);
  if (std::fclose(f_) != 0 && why.empty()) why = std::strerror(errno);
  f_ = nullptr;
  if (why.empty() && std::rename(tmp_.c_str(), path_.c_str()) != 0) why = std::strerror(errno);
  if (!why.empty()) {
    error = "cannot write `" + path_ + "`: " + why;
    return false;
  }
  std::lock_guard<std::mutex> lock(g_mu);
  temps().erase(tmp_);
  tmp_.clear();
  return true;
}

}  // namespace jianguan::rt
