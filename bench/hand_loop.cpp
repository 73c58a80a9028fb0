// Baseline (b): the same 20 checks and credit model written by hand in C++:
// one pass over the entities in key order, merged with the four event tables
// read in key order, exactly as jianguan's SQLite source reads them.
#include <sqlite3.h>

#include <array>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

int64_t days(const char* s) {  // YYYY-MM-DD -> days since 1970
  int y = std::atoi(s), m = std::atoi(s + 5), d = std::atoi(s + 8);
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Cursor {
  sqlite3_stmt* st = nullptr;
  bool row = false;
  void step() { row = sqlite3_step(st) == SQLITE_ROW; }
  const char* key() const { return reinterpret_cast<const char*>(sqlite3_column_text(st, 0)); }
};

bool in_window(int64_t date, int64_t as_of, int64_t window) {
  return date <= as_of && date > as_of - window;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: hand_loop DB AS_OF\n";
    return 2;
  }
  const int64_t as_of = days(argv[2]);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 2;
  auto prepare = [&](const char* sql) {
    Cursor c;
    if (sqlite3_prepare_v2(db, sql, -1, &c.st, nullptr) != SQLITE_OK) {
      std::cerr << sqlite3_errmsg(db) << "\n";
      std::exit(2);
    }
    c.step();
    return c;
  };
  Cursor ent = prepare(
      "SELECT uscc, name, kind, licence_expiry, annual_report, abnormal, serious_dishonest, "
      "cylinders, cylinder_kg, hose_m, "
      "regulator_installed, leak_alarm_ok, high_rise_or_basement, health_certs_ok, "
      "pharmacist_on_duty, test_reports_ok "
      "FROM entities ORDER BY CAST(uscc AS TEXT), rowid");
  Cursor ins =
      prepare("SELECT uscc, date, passed FROM inspections ORDER BY CAST(uscc AS TEXT), rowid");
  Cursor pen =
      prepare("SELECT uscc, date, heavy, amount FROM penalties ORDER BY CAST(uscc AS TEXT), rowid");
  Cursor com = prepare("SELECT uscc, date FROM complaints ORDER BY CAST(uscc AS TEXT), rowid");
  Cursor ala = prepare("SELECT uscc, date FROM alarms ORDER BY CAST(uscc AS TEXT), rowid");
  const std::set<std::string> gas = {"瓶装燃气供应站", "管道燃气企业", "加气站"};
  const std::set<std::string> food = {"餐饮服务", "单位食堂", "学校食堂", "食品销售", "食品生产"};
  const std::set<std::string> drug = {"药品零售", "药品批发"};
  const std::set<std::string> build = {"建筑施工企业", "预拌混凝土企业", "工程检测机构"};
  const std::set<std::string> fin = {"投资咨询公司", "地方金融组织"};
  std::map<std::string, long> counts;
  std::string key;
  while (ent.row) {
    key = ent.key();
    std::string kind = reinterpret_cast<const char*>(sqlite3_column_text(ent.st, 2));
    bool is_gas = gas.count(kind), is_food = food.count(kind), is_drug = drug.count(kind),
         is_build = build.count(kind), is_fin = fin.count(kind);
    bool general = is_gas || is_food || is_drug || is_build || is_fin || kind == "一般企业";
    long fail365 = 0, heavy1095 = 0, pen1095 = 0, comp180 = 0, comp365 = 0, alarm90 = 0;
    double amount365 = 0;
    auto skip_before = [&](Cursor& c) {
      while (c.row && std::strcmp(c.key(), key.c_str()) < 0) c.step();
    };
    skip_before(ins);
    for (; ins.row && key == ins.key(); ins.step()) {
      int64_t d = days(reinterpret_cast<const char*>(sqlite3_column_text(ins.st, 1)));
      if (sqlite3_column_int(ins.st, 2) == 0 && in_window(d, as_of, 365)) ++fail365;
    }
    skip_before(pen);
    for (; pen.row && key == pen.key(); pen.step()) {
      int64_t d = days(reinterpret_cast<const char*>(sqlite3_column_text(pen.st, 1)));
      if (in_window(d, as_of, 1095)) {
        ++pen1095;
        if (sqlite3_column_int(pen.st, 2)) ++heavy1095;
      }
      if (in_window(d, as_of, 365)) amount365 += sqlite3_column_double(pen.st, 3);
    }
    skip_before(com);
    for (; com.row && key == com.key(); com.step()) {
      int64_t d = days(reinterpret_cast<const char*>(sqlite3_column_text(com.st, 1)));
      comp180 += in_window(d, as_of, 180);
      comp365 += in_window(d, as_of, 365);
    }
    skip_before(ala);
    for (; ala.row && key == ala.key(); ala.step())
      alarm90 +=
          in_window(days(reinterpret_cast<const char*>(sqlite3_column_text(ala.st, 1))), as_of, 90);
    auto null = [&](int col) { return sqlite3_column_type(ent.st, col) == SQLITE_NULL; };
    auto i = [&](int col) { return sqlite3_column_int64(ent.st, col); };
    auto f = [&](int col) { return sqlite3_column_double(ent.st, col); };
    auto t = [&](int col) {
      return reinterpret_cast<const char*>(sqlite3_column_text(ent.st, col));
    };
    bool expired = !null(3) && days(t(3)) < as_of;
    if (is_gas) {
      if (expired) ++counts["B01许可过期"];
      if (!null(7) && i(7) > 4) ++counts["B02钢瓶数"];
      if (!null(8) && f(8) > 100) ++counts["B03钢瓶重"];
      if (!null(9) && f(9) > 2) ++counts["B04软管"];
      if (!null(10) && as_of - days(t(10)) > 1825) ++counts["B05调压器"];
      if (!null(11) && i(11) == 0) ++counts["B06报警器"];
      if (!null(12) && i(12) == 1) ++counts["B07高层"];
      if (alarm90 > 0) ++counts["B20告警"];
    }
    if (is_food) {
      if (expired) ++counts["B08食品许可"];
      if (!null(13) && i(13) == 0) ++counts["B09健康证"];
    }
    if (is_drug) {
      if (expired) ++counts["B10药品许可"];
      if (!null(14) && i(14) == 0) ++counts["B11药师"];
    }
    if (is_build && !null(15) && i(15) == 0) ++counts["B12检测报告"];
    if (is_fin && std::strstr(t(1), "金融")) ++counts["B13金融字样"];
    if (general) {
      if (i(4) == 0) ++counts["B14年报"];
      if (i(5) == 1) ++counts["B15异常名录"];
      if (comp180 > 3) ++counts["B16投诉"];
      if (fail365 > 0) ++counts["B17检查不合格"];
      if (heavy1095 > 0) ++counts["B18较重处罚"];
      if (amount365 > 100000) ++counts["B19罚款总额"];
    }
    double score = 100 - 10.0 * pen1095 - 20.0 * heavy1095 - 2.0 * comp365 - 5.0 * fail365 -
                   15.0 * i(5) - 5.0 * (1 - i(4));
    const char* grade = i(6)          ? "D"
                        : score >= 90 ? "A"
                        : score >= 75 ? "B"
                        : score >= 60 ? "C"
                                      : "D";
    ++counts[std::string("grade ") + grade];
    ent.step();
  }
  for (const auto& [k, v] : counts) std::cout << k << " " << v << "\n";
  for (Cursor* c : {&ent, &ins, &pen, &com, &ala}) sqlite3_finalize(c->st);
  sqlite3_close(db);
  return 0;
}
