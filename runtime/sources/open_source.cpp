#include <filesystem>
#include <fstream>

#include "sources/source.h"

namespace jianguan::rt {

namespace fs = std::filesystem;

namespace {
bool has_sqlite_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[16] = {};
  in.read(buf, 16);
  return in.gcount() == 16 && std::string(buf, 15) == "SQLite format 3";
}

bool folder_has(const std::string& dir, const std::string& ext) {
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ext) return true;
  return false;
}
}  // namespace

std::unique_ptr<RecordSource> open_source(const ir::Program& p, const std::string& path,
                                          const std::string& format, int threads,
                                          std::string& error, const std::atomic<bool>* cancel,
                                          const FieldsRead* read) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    error = "data source `" + path + "` does not exist";
    return nullptr;
  }
  std::string f = format;
  if (f.empty()) {
    std::string ext = fs::path(path).extension().string();
    if (fs::is_directory(path, ec))
      f = folder_has(path, ".jsonl") && !folder_has(path, ".csv") ? "jsonl" : "csv";
    else if (ext == ".csv")
      f = "csv";
    else if (ext == ".jsonl" || ext == ".ndjson")
      f = "jsonl";
    else if (has_sqlite_header(path) || ext == ".db" || ext == ".sqlite")
      f = "sqlite";
    else {
      error =
          "cannot tell the format of `" + path + "`; name it with --data-format sqlite|csv|jsonl";
      return nullptr;
    }
  }
  if (f == "sqlite") return open_sqlite(p, path, threads, error, cancel, read);
  if (f == "csv") return open_csv(p, path, threads, error, cancel, read);
  if (f == "jsonl") return open_jsonl(p, path, threads, error, cancel, read);
  error = "unknown data format `" + f + "`";
  return nullptr;
}

}  // namespace jianguan::rt
