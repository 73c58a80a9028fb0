// Writes every table of a SQLite database as FOLDER/<table>.csv (RFC 4180,
// a header row, NULL as an empty cell), so the benchmark can check the same
// records from CSV files: export_csv DB FOLDER
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace {

void cell(std::FILE* out, const unsigned char* text, int size) {
  std::string_view s(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    std::fwrite(s.data(), 1, s.size(), out);
    return;
  }
  std::fputc('"', out);
  for (char c : s) {
    if (c == '"') std::fputc('"', out);
    std::fputc(c, out);
  }
  std::fputc('"', out);
}

bool export_table(sqlite3* db, const std::string& table, const std::string& path) {
  sqlite3_stmt* st = nullptr;
  std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY rowid";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return false;
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) {
    sqlite3_finalize(st);
    return false;
  }
  int n = sqlite3_column_count(st);
  for (int i = 0; i < n; ++i) {
    if (i) std::fputc(',', out);
    const char* name = sqlite3_column_name(st, i);
    cell(out, reinterpret_cast<const unsigned char*>(name), static_cast<int>(std::strlen(name)));
  }
  std::fputc('\n', out);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i) {
      if (i) std::fputc(',', out);
      if (sqlite3_column_type(st, i) != SQLITE_NULL)
        cell(out, sqlite3_column_text(st, i), sqlite3_column_bytes(st, i));
    }
    std::fputc('\n', out);
  }
  sqlite3_finalize(st);
  return std::fclose(out) == 0 && rc == SQLITE_DONE;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: export_csv DB FOLDER\n");
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 2;
  std::filesystem::create_directories(argv[2]);
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& t : tables) {
    if (!export_table(db, t, std::string(argv[2]) + "/" + t + ".csv")) {
      std::fprintf(stderr, "export_csv: cannot export table %s: %s\n", t.c_str(),
                   sqlite3_errmsg(db));
      return 1;
    }
  }
  sqlite3_close(db);
  return 0;
}
