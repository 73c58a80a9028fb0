// The fixed vocabularies of the language (levels, actions, methods,
// severities, restrictions, scalar types, functions), each with its English
// and Chinese spelling. Rule files name them; they are not keywords.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jianguan::sema {

struct Builtin {
  int id;
  const char* en;
  const char* zh;
};

enum Level : int { kRegion = 0, kCity = 1, kCounty = 2, kLevelCount = 3 };
enum Action : int {
  kInspection = 0,
  kPenalty,
  kLicensing,
  kMonitoring,
  kEnforcement,
  kComplaint,
  kActionCount
};
enum Method : int { kRandom = 0, kRemote, kTargeted, kMethodCount };
enum SeverityId : int { kSevError = 0, kSevWarning, kSevInfo };
enum ScalarType : int {
  kTText = 0,
  kTInteger,
  kTDecimal,
  kTBoolean,
  kTDate,
  kTDivision,
  kTCreditCode
};
enum Function : int { kFnPresent = 0, kFnMissing, kFnLength, kFnYear, kFnValidCode, kFnCity };

const std::vector<Builtin>& levels();
const std::vector<Builtin>& actions();
const std::vector<Builtin>& methods();
const std::vector<Builtin>& severities();
const std::vector<Builtin>& restrictions();
const std::vector<Builtin>& scalar_types();
const std::vector<Builtin>& functions();

// Finds `name` (either spelling) in `table`.
std::optional<int> lookup(const std::vector<Builtin>& table, const std::string& name);
// "检查 / inspection" style label for reports.
std::string label(const std::vector<Builtin>& table, int id, bool zh);
// Both spellings of every entry, for "did you mean" suggestions.
std::vector<std::string> spellings(const std::vector<Builtin>& table);

}  // namespace jianguan::sema
