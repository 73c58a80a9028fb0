#include "sema/builtins.h"

namespace jianguan::sema {

const std::vector<Builtin>& levels() {
  static const std::vector<Builtin> t = {
      {kRegion, "region", "自治区"}, {kCity, "city", "盟市"}, {kCounty, "county", "旗县"}};
  return t;
}

const std::vector<Builtin>& actions() {
  static const std::vector<Builtin> t = {
      {kInspection, "inspection", "检查"},       {kPenalty, "penalty", "处罚"},
      {kLicensing, "licensing", "许可"},         {kMonitoring, "monitoring", "监测"},
      {kEnforcement, "enforcement", "行政强制"}, {kComplaint, "complaint", "投诉处理"}};
  return t;
}

const std::vector<Builtin>& methods() {
  static const std::vector<Builtin> t = {{kRandom, "random", "双随机"},
                                         {kRemote, "remote", "非现场"},
                                         {kTargeted, "targeted", "重点"}};
  return t;
}

const std::vector<Builtin>& severities() {
  static const std::vector<Builtin> t = {
      {kSevError, "error", "错误"}, {kSevWarning, "warning", "警告"}, {kSevInfo, "info", "信息"}};
  return t;
}

// The joint-punishment measures named in the national memoranda.
const std::vector<Builtin>& restrictions() {
  static const std::vector<Builtin> t = {{0, "market_access", "市场准入"},
                                         {1, "qualification", "资质认定"},
                                         {2, "procurement", "政府采购"},
                                         {3, "bank_credit", "银行信贷"},
                                         {4, "bidding", "招标投标"},
                                         {5, "honours", "荣誉称号"},
                                         {6, "service_purchase", "政府购买服务"},
                                         {7, "subsidy", "财政补贴"},
                                         {8, "tax_incentive", "税收优惠"},
                                         {9, "market_ban", "市场禁入"}};
  return t;
}

const std::vector<Builtin>& scalar_types() {
  static const std::vector<Builtin> t = {{kTText, "text", "文本"},
                                         {kTInteger, "integer", "整数"},
                                         {kTDecimal, "decimal", "小数"},
                                         {kTBoolean, "boolean", "布尔"},
                                         {kTDate, "date", "日期"},
                                         {kTDivision, "division", "区划"},
                                         {kTCreditCode, "credit_code", "信用代码"}};
  return t;
}

const std::vector<Builtin>& functions() {
  static const std::vector<Builtin> t = {{kFnPresent, "present", "有值"},
                                         {kFnMissing, "missing", "缺失"},
                                         {kFnLength, "length", "长度"},
                                         {kFnYear, "year", "年份"},
                                         {kFnValidCode, "valid_code", "代码有效"},
                                         {kFnCity, "city_of", "所属盟市"}};
  return t;
}

std::optional<int> lookup(const std::vector<Builtin>& table, const std::string& name) {
  for (const auto& b : table)
    if (name == b.en || name == b.zh) return b.id;
  return std::nullopt;
}

std::string label(const std::vector<Builtin>& table, int id, bool zh) {
  for (const auto& b : table)
    if (b.id == id) return zh ? b.zh : b.en;
  return "?";
}

std::vector<std::string> spellings(const std::vector<Builtin>& table) {
  std::vector<std::string> out;
  for (const auto& b : table) {
    out.push_back(b.en);
    out.push_back(b.zh);
  }
  return out;
}

}  // namespace jianguan::sema
