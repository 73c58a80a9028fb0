#include "sample/sample.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <vector>

#include "ast/ast.h"

namespace jianguan::sample {

namespace {

// SplitMix64: a PRNG whose output is specified, so the same seed gives the
// same data on every machine and compiler.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by rejection, free of modulo bias.
  uint64_t below(uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = next();
    while (x >= limit);
    return x % n;
  }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  bool chance(double p) { return unit() < p; }

 private:
  uint64_t s_;
};

struct KindProfile {
  const char* kind;
  double share;
  std::vector<const char*> inspectors;  // departments that inspect it
  enum Profile { kGas, kFood, kDrug, kBuild, kFinance, kPlain } profile;
  const char* licence;  // licence format: JY, SC, GAS, DRUG or ""
};

const std::vector<KindProfile>& kinds() {
  static const std::vector<KindProfile> k = {
      {"瓶装燃气供应站", 0.020, {"住建", "市场监管", "应急", "消防救援"}, KindProfile::kGas, "GAS"},
      {"管道燃气企业", 0.004, {"住建", "市场监管", "应急"}, KindProfile::kGas, "GAS"},
      {"加气站", 0.006, {"住建", "市场监管", "应急", "消防救援"}, KindProfile::kGas, "GAS"},
      {"餐饮服务", 0.150, {"市场监管", "卫健", "消防救援"}, KindProfile::kFood, "JY2"},
      {"单位食堂", 0.020, {"市场监管", "卫健"}, KindProfile::kFood, "JY3"},
      {"学校食堂", 0.015, {"市场监管", "教育", "卫健"}, KindProfile::kFood, "JY3"},
      {"食品销售", 0.100, {"市场监管", "商务"}, KindProfile::kFood, "JY1"},
      {"食品生产", 0.020, {"市场监管"}, KindProfile::kFood, "SC"},
      {"餐具消毒单位", 0.003, {"卫健", "市场监管"}, KindProfile::kPlain, ""},
      {"药品零售", 0.040, {"药监", "医保"}, KindProfile::kDrug, "DRUG"},
      {"药品批发", 0.004, {"药监"}, KindProfile::kDrug, "DRUGW"},
      {"建筑施工企业", 0.030, {"住建", "应急"}, KindProfile::kBuild, "BUILD"},
      {"预拌混凝土企业", 0.005, {"住建", "市场监管"}, KindProfile::kBuild, ""},
      {"工程检测机构", 0.003, {"住建", "市场监管"}, KindProfile::kBuild, ""},
      {"投资咨询公司", 0.015, {"地方金融管理", "市场监管"}, KindProfile::kFinance, ""},
      {"地方金融组织", 0.003, {"地方金融管理"}, KindProfile::kFinance, ""},
      {"养老机构", 0.005, {"民政", "卫健"}, KindProfile::kPlain, ""},
      {"宾馆旅店", 0.030, {"公安", "卫健", "消防救援", "市场监管"}, KindProfile::kPlain, ""},
      {"校外培训机构", 0.010, {"教育", "市场监管"}, KindProfile::kPlain, ""},
      {"保安服务公司", 0.004, {"公安", "人社"}, KindProfile::kPlain, ""},
      {"保安培训单位", 0.001, {"公安"}, KindProfile::kPlain, ""},
      {"机动车检验机构", 0.002, {"市场监管", "生态环境"}, KindProfile::kPlain, ""},
      {"汽车维修企业", 0.030, {"交通运输", "生态环境"}, KindProfile::kPlain, ""},
      {"汽车销售企业", 0.010, {"市场监管", "商务"}, KindProfile::kPlain, ""},
      {"危货运输企业", 0.003, {"交通运输", "应急"}, KindProfile::kPlain, ""},
      {"污水处理厂", 0.002, {"生态环境", "住建"}, KindProfile::kPlain, ""},
      {"粮食收储企业", 0.004, {"粮食", "市场监管"}, KindProfile::kPlain, ""},
      {"粮食加工企业", 0.004, {"粮食", "市场监管"}, KindProfile::kPlain, ""},
      {"游泳场所", 0.002, {"卫健", "体育"}, KindProfile::kPlain, ""},
      {"印刷企业", 0.004, {"宣传", "文旅"}, KindProfile::kPlain, ""},
      {"特种设备使用单位", 0.020, {"市场监管"}, KindProfile::kPlain, ""},
      // A new business model no item covers yet: the gap analysis must find it.
      {"直播电商", 0.010, {"市场监管"}, KindProfile::kPlain, ""},
      {"一般企业", 0.0, {"市场监管", "税务"}, KindProfile::kPlain, ""},  // the rest
  };
  return k;
}

// Banner/county division codes of the 12 leagues and cities (GB/T 2260).
const std::vector<int64_t>& counties() {
  static const std::vector<int64_t> c = {
      150102, 150103, 150104, 150105, 150121, 150122, 150123, 150124, 150125, 150202, 150203,
      150204, 150205, 150206, 150207, 150221, 150222, 150223, 150302, 150303, 150304, 150402,
      150403, 150404, 150421, 150422, 150423, 150424, 150425, 150426, 150428, 150429, 150430,
      150502, 150521, 150522, 150523, 150524, 150525, 150526, 150581, 150602, 150603, 150621,
      150622, 150623, 150624, 150625, 150626, 150627, 150702, 150703, 150721, 150722, 150781,
      150782, 150783, 150784, 150785, 150802, 150821, 150822, 150823, 150824, 150825, 150826,
      150902, 150921, 150922, 150923, 150924, 150925, 150981, 152201, 152202, 152221, 152222,
      152223, 152224, 152501, 152502, 152522, 152523, 152524, 152525, 152526, 152527, 152528,
      152529, 152530, 152531, 152921, 152922, 152923};
  return c;
}

const char kCodeChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

std::string date_text(int64_t d) { return ast::format_date(static_cast<ast::Date>(d)); }

class Db {
 public:
  ~Db() {
    for (auto* s : stmts_) sqlite3_finalize(s);
    if (db_) sqlite3_close(db_);
  }
  bool open(const std::string& path, std::string& error) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) return fail(error);
    return exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;", error);
  }
  bool exec(const char* sql, std::string& error) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return fail(error);
    return true;
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db_, sql, -1, &s, nullptr);
    stmts_.push_back(s);
    return s;
  }
  bool fail(std::string& error) {
    error = db_ ? sqlite3_errmsg(db_) : "cannot open the database";
    return false;
  }
  sqlite3* db_ = nullptr;

 private:
  std::vector<sqlite3_stmt*> stmts_;
};

struct Binder {
  sqlite3_stmt* st;
  int i = 1;
  Binder& text(const std::string& s) {
    sqlite3_bind_text(st, i++, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Binder& integer(int64_t v) {
    sqlite3_bind_int64(st, i++, v);
    return *this;
  }
  Binder& real(double v) {
    sqlite3_bind_double(st, i++, v);
    return *this;
  }
  Binder& null() {
    sqlite3_bind_null(st, i++);
    return *this;
  }
  bool done() {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE;
  }
};

const char* kSchema = R"(
CREATE TABLE entities (uscc TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, division TEXT NOT NULL,
  established TEXT NOT NULL, capital REAL NOT NULL, scope TEXT NOT NULL, licence_no TEXT, licence_expiry TEXT,
  annual_report INTEGER NOT NULL, abnormal INTEGER NOT NULL, serious_dishonest INTEGER NOT NULL,
  cylinders INTEGER, cylinder_kg REAL, hose_m REAL, regulator_installed TEXT, leak_alarm_ok INTEGER,
  high_rise_or_basement INTEGER, open_kitchen INTEGER, health_certs_ok INTEGER, pharmacist_on_duty INTEGER,
  test_reports_ok INTEGER);
CREATE TABLE inspections (uscc TEXT NOT NULL, date TEXT NOT NULL, department TEXT NOT NULL, item TEXT NOT NULL,
  passed INTEGER NOT NULL, inspector TEXT NOT NULL);
CREATE TABLE penalties (uscc TEXT NOT NULL, date TEXT NOT NULL, department TEXT NOT NULL, conduct TEXT NOT NULL,
  basis TEXT NOT NULL, amount REAL NOT NULL, heavy INTEGER NOT NULL);
CREATE TABLE complaints (uscc TEXT NOT NULL, date TEXT NOT NULL, channel TEXT NOT NULL);
CREATE TABLE alarms (uscc TEXT NOT NULL, date TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE inspectors (id TEXT PRIMARY KEY, name TEXT NOT NULL, department TEXT NOT NULL, division TEXT NOT NULL);
CREATE TABLE planted (what TEXT PRIMARY KEY, count INTEGER NOT NULL);
)";

const char* kIndexes = R"(
CREATE INDEX inspections_uscc ON inspections (uscc);
CREATE INDEX penalties_uscc ON penalties (uscc);
CREATE INDEX complaints_uscc ON complaints (uscc);
CREATE INDEX alarms_uscc ON alarms (uscc);
)";

const char* kSurnames[] = {"王", "李", "张", "刘", "陈",     "杨",     "赵",     "黄",
                           "周", "吴", "徐", "孙", "马",     "朱",     "胡",     "郭",
                           "何", "高", "林", "罗", "巴特尔", "乌日娜", "其其格", "额尔敦"};
const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊",   "军", "洋",
                        "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"};
const char* kWords[] = {"草原",   "北疆", "青城", "鹿城", "蒙源",   "金川",     "阴山",
                        "黄河",   "敕勒", "塞外", "红山", "科尔沁", "鄂尔多斯", "锡林",
                        "阿拉善", "乌兰", "兴安", "呼伦", "大青山", "河套"};

}  // namespace

std::string make_credit_code(char registrar, char category, int64_t division,
                             const std::string& org8) {
  // Organisation code check digit (GB 11714): weights 3,7,9,10,5,8,4,2.
  static const int kOw[] = {3, 7, 9, 10, 5, 8, 4, 2};
  int osum = 0;
  for (int i = 0; i < 8; ++i) {
    char c = org8[static_cast<size_t>(i)];
    osum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * kOw[i];
  }
  int c9 = 11 - osum % 11;
  char check9 = c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);
  std::string code;
  code += registrar;
  code += category;
  code += std::to_string(division);
  code += org8;
  code += check9;
  static const int kW[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    // Callers pass characters of the code alphabet only (no I, O, S, V, Z).
    const char* p = std::strchr(kCodeChars, code[static_cast<size_t>(i)]);
    sum += (p && *p ? static_cast<int>(p - kCodeChars) : 0) * kW[i];
  }
  code += kCodeChars[(31 - sum % 31) % 31];
  return code;
}

bool generate(const std::string& path, const Options& o, Stats& st, std::string& error) {
  auto as_of_opt = ast::parse_date(o.as_of);
  if (!as_of_opt) {
    error = "as-of date `" + o.as_of + "` is not a real date";
    return false;
  }
  const int64_t as_of = *as_of_opt;
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::remove(tmp.c_str());
  Rng rng(o.seed);
  {
    Db db;
    if (!db.open(tmp, error) || !db.exec(kSchema, error)) return false;
    auto* ins_e =
        db.prepare("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    auto* ins_i = db.prepare("INSERT INTO inspections VALUES (?,?,?,?,?,?)");
    auto* ins_p = db.prepare("INSERT INTO penalties VALUES (?,?,?,?,?,?,?)");
    auto* ins_c = db.prepare("INSERT INTO complaints VALUES (?,?,?)");
    auto* ins_a = db.prepare("INSERT INTO alarms VALUES (?,?,?)");
    auto* ins_r = db.prepare("INSERT INTO inspectors VALUES (?,?,?,?)");
    auto plant = [&](const char* what) { ++st.planted[what]; };

    // Inspector pools: per league/city and department, six inspectors.
    static const char* kDepts[] = {
        "市场监管", "住建", "应急",     "消防救援", "卫健",         "教育", "药监",
        "医保",     "公安", "交通运输", "生态环境", "地方金融管理", "商务", "民政",
        "粮食",     "体育", "宣传",     "文旅",     "人社",         "税务", "网信"};
    std::vector<int64_t> cities;
    for (int64_t c : counties())
      if (cities.empty() || cities.back() != c / 100 * 100) cities.push_back(c / 100 * 100);
    for (int64_t city : cities)
      for (const char* d : kDepts)
        for (int n = 1; n <= 6; ++n) {
          std::string id = std::to_string(city) + "-" + d + "-" + std::to_string(n);
          std::string name = std::string(kSurnames[rng.below(std::size(kSurnames))]) +
                             kGiven[rng.below(std::size(kGiven))];
          Binder{ins_r}.text(id).text(name).text(d).text(std::to_string(city)).done();
          ++st.inspectors;
        }

    double rest = 1.0;
    for (const auto& k : kinds()) rest -= k.share;
    int64_t serial = 0;
    for (int64_t n = 0; n < o.entities; ++n) {
      // Kind by share; "一般企业" takes what the others leave.
      double u = rng.unit(), acc = 0;
      const KindProfile* kp = &kinds().back();
      for (const auto& k : kinds()) {
        acc += k.share > 0 ? k.share : rest;
        if (u < acc) {
          kp = &k;
          break;
        }
      }
      int64_t county = counties()[rng.below(counties().size())];
      // Organisation code: 8 characters from the GB 11714 alphabet (digits and letters).
      std::string org8;
      ++serial;
      uint64_t body = static_cast<uint64_t>(serial) * 2654435761ull + rng.below(1000);
      for (int i = 0; i < 8; ++i) {
        org8 += "0123456789ABCDEFGHJKLMNPQRTUWXY"[body % 31];
        body /= 31;
      }
      std::string uscc = make_credit_code('9', '1', county, org8);
      if (std::string(kp->kind) == "直播电商") plant("unassigned_live_commerce");
      std::string word = kWords[rng.below(std::size(kWords))];
      std::string name = word + kp->kind;
      bool finance = kp->profile == KindProfile::kFinance;
      if (finance && rng.chance(0.15)) {
        name = word + "金融信息服务有限公司";
        plant("finance_name_keyword");
      } else {
        name += std::to_string(n % 97 + 1) + "号";
      }
      int64_t established = as_of - 200 - static_cast<int64_t>(rng.below(365 * 15));
      double capital = 10.0 * static_cast<double>(1 + rng.below(500));
      std::string scope = std::string(kp->kind) + "经营";
      // Latent risk class with the Bayannur shares (A 73%, B 19%, C 5%, D 3%).
      double r = rng.unit();
      int risk = r < 0.73 ? 0 : r < 0.92 ? 1 : r < 0.97 ? 2 : 3;
      bool serious = risk == 3 && rng.chance(0.2);
      if (serious) plant("serious_dishonest");
      bool abnormal = risk >= 2 && rng.chance(0.5);
      bool annual = !(risk >= 1 && rng.chance(0.15));
      if (!annual) plant("annual_report_missing");

      Binder e{ins_e};
      e.text(uscc)
          .text(name)
          .text(kp->kind)
          .text(std::to_string(county))
          .text(date_text(established))
          .real(capital)
          .text(scope);
      // Licence number and expiry in the real formats ([I] check digits are random).
      std::string lic = kp->licence;
      if (!lic.empty()) {
        std::string no;
        if (lic.rfind("JY", 0) == 0) {
          no = lic + std::to_string(county);
          for (int i = 0; i < 7; ++i) no += static_cast<char>('0' + rng.below(10));
        } else if (lic == "SC") {
          no = "SC" + std::to_string(101 + rng.below(30)) + std::to_string(county);
          for (int i = 0; i < 5; ++i) no += static_cast<char>('0' + rng.below(10));
        } else if (lic == "GAS") {
          no = "蒙" + std::to_string(2019 + rng.below(5)) + std::to_string(county).substr(2);
          for (int i = 0; i < 4; ++i) no += static_cast<char>('0' + rng.below(10));
          no += kp->kind == std::string("管道燃气企业") ? "G"
                : kp->kind == std::string("加气站")     ? "Q"
                                                        : "P";
        } else if (lic == "BUILD") {
          // 建筑施工企业安全生产许可证: (蒙)JZ安许证字[year]serial.
          no = "(蒙)JZ安许证字[" + std::to_string(2019 + rng.below(5)) + "]";
          for (int i = 0; i < 6; ++i) no += static_cast<char>('0' + rng.below(10));
        } else {
          // 药品经营许可证: AA wholesale (legal person), DA single retail store [I].
          no = std::string(lic == "DRUGW" ? "蒙AA" : "蒙DA") + std::to_string(county).substr(2);
          for (int i = 0; i < 5; ++i) no += static_cast<char>('0' + rng.below(10));
        }
        int64_t expiry = as_of + 30 + static_cast<int64_t>(rng.below(365 * 4));
        if (rng.chance(0.04)) {
          expiry = as_of - 1 - static_cast<int64_t>(rng.below(400));
          plant(kp->profile == KindProfile::kGas    ? "gas_licence_expired"
                : kp->profile == KindProfile::kDrug ? "drug_licence_expired"
                                                    : "food_licence_expired");
        }
        e.text(no).text(date_text(expiry));
      } else {
        e.null().null();
      }
      e.integer(annual).integer(abnormal).integer(serious);
      // Bottled-LPG use on site (cylinders, hose, regulator, leak alarm) is
      // checked at the premises that burn it: caterers, canteens and hotels
      // (items 燃气使用安全); about 40% of them use bottled gas.
      static const std::vector<std::string> kGasUsers = {"餐饮服务", "单位食堂", "学校食堂",
                                                         "宾馆旅店"};
      bool gas_user = std::find(kGasUsers.begin(), kGasUsers.end(), kp->kind) != kGasUsers.end() &&
                      rng.chance(0.4);
      if (gas_user) {
        int64_t cyl = 1 + static_cast<int64_t>(rng.below(4));
        if (rng.chance(0.05)) {
          cyl = 5 + static_cast<int64_t>(rng.below(6));
          plant("gas_too_many_cylinders");
        }
        double kg = static_cast<double>(cyl) * 14.5;
        double hose = 0.5 + static_cast<double>(rng.below(15)) / 10.0;
        if (rng.chance(0.05)) {
          hose = 2.1 + static_cast<double>(rng.below(20)) / 10.0;
          plant("gas_hose_too_long");
        }
        int64_t reg = as_of - static_cast<int64_t>(rng.below(365 * 4));
        if (rng.chance(0.05)) {
          reg = as_of - 365 * 5 - 30 - static_cast<int64_t>(rng.below(700));
          plant("gas_regulator_overdue");
        }
        bool alarm = !rng.chance(0.05);
        if (!alarm) plant("gas_alarm_not_working");
        bool high = rng.chance(0.02);
        if (high) plant("gas_high_rise_or_basement");
        e.integer(cyl).real(kg).real(hose).text(date_text(reg)).integer(alarm).integer(high);
      } else {
        e.null().null().null().null().null().null();
      }
      if (kp->profile == KindProfile::kFood) {
        bool certs = !rng.chance(0.04);
        if (!certs) plant("food_health_certs_missing");
        e.integer(!rng.chance(0.1)).integer(certs);
      } else {
        e.null().null();
      }
      if (kp->profile == KindProfile::kDrug) {
        bool on = !rng.chance(0.05);
        if (!on) plant("drug_pharmacist_absent");
        e.integer(on);
      } else {
        e.null();
      }
      if (kp->profile == KindProfile::kBuild) {
        bool ok = !rng.chance(0.06);
        if (!ok) plant("construction_test_reports_missing");
        e.integer(ok);
      } else {
        e.null();
      }
      if (!e.done()) return db.fail(error);
      ++st.entities;

      // Routine inspections over the last two years, all by one department,
      // so that only the planted cases below are visits of several
      // departments close together.
      std::string city = std::to_string(county / 100 * 100);
      const char* routine = kp->inspectors[rng.below(kp->inspectors.size())];
      auto visit = [&](const char* dept, int64_t d, bool passed) {
        Binder{ins_i}
            .text(uscc)
            .text(date_text(d))
            .text(dept)
            .text(std::string(kp->kind) + "监督检查")
            .integer(passed)
            .text(city + "-" + dept + "-" + std::to_string(1 + rng.below(6)))
            .done();
        ++st.inspections;
      };
      int visits = static_cast<int>(rng.below(3)) + (risk >= 2 ? 1 : 0);
      for (int v = 0; v < visits; ++v)
        visit(routine, as_of - 1 - static_cast<int64_t>(rng.below(720)),
              risk == 0 ? !rng.chance(0.03) : !rng.chance(0.3));
      // Repeated inspections: two departments at the same door within 20 days.
      if (kp->inspectors.size() >= 2 && rng.chance(0.03)) {
        int64_t d = as_of - 30 - static_cast<int64_t>(rng.below(300));
        visit(kp->inspectors[0], d, true);
        visit(kp->inspectors[1], d + static_cast<int64_t>(rng.below(20)), true);
        plant("repeated_inspection");
      }
      // Penalties follow the latent risk; an entity is never penalised twice
      // for one conduct except in the planted double penalties.
      static const char* kConducts[] = {"同一违法行为重复处罚（样例）", "超范围经营",
                                        "未按规定公示信息", "违反安全管理规定", "虚假宣传"};
      auto penalty = [&](const char* dept, int64_t d, const char* conduct, bool heavy) {
        Binder{ins_p}
            .text(uscc)
            .text(date_text(d))
            .text(dept)
            .text(conduct)
            .text("《中华人民共和国行政处罚法》")
            .real(heavy ? 50000.0 + static_cast<double>(rng.below(200000))
                        : 500.0 + static_cast<double>(rng.below(5000)))
            .integer(heavy)
            .done();
        ++st.penalties;
      };
      int pens = risk == 0   ? (rng.chance(0.02) ? 1 : 0)
                 : risk == 1 ? static_cast<int>(rng.below(2))
                             : 1 + static_cast<int>(rng.below(3));
      uint64_t first = 1 + rng.below(4);
      for (int v = 0; v < pens; ++v)
        penalty(kp->inspectors[0], as_of - 1 - static_cast<int64_t>(rng.below(1000)),
                kConducts[1 + (first + static_cast<uint64_t>(v)) % 4],
                risk >= 2 && rng.chance(0.4));
      if (rng.chance(0.01)) {
        int64_t d = as_of - 20 - static_cast<int64_t>(rng.below(600));
        penalty(kp->inspectors[0], d, kConducts[0], false);
        penalty(kp->inspectors[kp->inspectors.size() - 1], d + 10, kConducts[0], false);
        plant("double_penalty");
      }
      int comps = risk == 0 ? (rng.chance(0.05) ? 1 : 0)
                            : static_cast<int>(rng.below(static_cast<uint64_t>(2 + risk * 2)));
      for (int v = 0; v < comps; ++v) {
        Binder{ins_c}
            .text(uscc)
            .text(date_text(as_of - 1 - static_cast<int64_t>(rng.below(365))))
            .text(rng.chance(0.5) ? "12315" : "12345")
            .done();
        ++st.complaints;
      }
      if ((kp->profile == KindProfile::kGas || kp->profile == KindProfile::kFood) &&
          rng.chance(0.05)) {
        Binder{ins_a}
            .text(uscc)
            .text(date_text(as_of - 1 - static_cast<int64_t>(rng.below(180))))
            .text(kp->profile == KindProfile::kGas ? "燃气泄漏" : "明厨亮灶")
            .done();
        ++st.alarms;
      }
    }
    // An event whose entity does not exist: a dirty record the check must reject.
    Binder{ins_c}
        .text(make_credit_code('9', '1', 150102, "YYYYYYYY"))
        .text(date_text(as_of - 5))
        .text("12345")
        .done();
    ++st.complaints;
    plant("orphan_event");
    auto* ins_pl = db.prepare("INSERT INTO planted VALUES (?,?)");
    for (const auto& [what, count] : st.planted) Binder{ins_pl}.text(what).integer(count).done();
    if (!db.exec(kIndexes, error) || !db.exec("COMMIT;", error)) return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot write `" + path + "`";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace jianguan::sample
