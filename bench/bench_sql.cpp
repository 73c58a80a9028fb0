// Baseline (a): runs bench/baseline.sql with SQLite over a sample database
// and prints the number of rows per rule (and per grade), sorted.
#include <sqlite3.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench_sql DB baseline.sql AS_OF\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  std::stringstream sql;
  sql << in.rdbuf();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 2;
  sqlite3_stmt* st = nullptr;
  std::string text = sql.str();
  if (sqlite3_prepare_v2(db, text.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::cerr << sqlite3_errmsg(db) << "\n";
    return 2;
  }
  sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":as_of"), argv[3], -1, SQLITE_TRANSIENT);
  std::map<std::string, long> counts;
  while (sqlite3_step(st) == SQLITE_ROW)
    ++counts[reinterpret_cast<const char*>(sqlite3_column_text(st, 1))];
  sqlite3_finalize(st);
  sqlite3_close(db);
  for (const auto& [k, v] : counts) std::cout << k << " " << v << "\n";
  return 0;
}
