// A deterministic generator of realistic sample data for the Inner Mongolia
// rulesets: market entities with valid unified social credit codes, real
// division codes, licences in their real number formats, and events, with
// violations, repeated inspections and unassigned kinds planted at known
// rates (recorded in the `planted` table so tests can compare).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace jianguan::sample {

struct Options {
  int64_t entities = 20000;
  uint64_t seed = 1;
  std::string as_of = "2024-06-30";  // the data's "today": every date is before it
};

struct Stats {
  int64_t entities = 0, inspections = 0, penalties = 0, complaints = 0, alarms = 0, inspectors = 0;
  std::map<std::string, int64_t> planted;
};

bool generate(const std::string& path, const Options& o, Stats& stats, std::string& error);

// GB 32100-2015 code for `division` with organisation code body `org8`.
std::string make_credit_code(char registrar, char category, int64_t division,
                             const std::string& org8);

}  // namespace jianguan::sample
